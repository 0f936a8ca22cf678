package dev.gradus.cli;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diag.SourceFiles;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reading .net files and choosing a model in them. */
final class Models {
    private Models() {}

    static Source read(Path file) {
        try {
            return SourceFiles.read(file);
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file");
        } catch (SourceFiles.TooLargeException e) {
            throw new CliException(file + ": " + e.getMessage());
        } catch (IOException e) {
            // as a parameter file's message says it (Safetensors.read), not the system's "Is a directory"
            throw new CliException(file + ": cannot read: " + (java.nio.file.Files.isDirectory(file) ? "it is a folder" : e.getMessage()));
        }
    }

    static List<CheckedModel> check(Path file) {
        return Frontend.check(read(file));
    }

    /** The model called {@code name}, or the only model of the file. */
    static CheckedModel choose(Path file, String name) {
        List<CheckedModel> models = check(file);
        if (name != null) {
            for (CheckedModel m : models) {
                if (m.name().equals(name)) {
                    return m;
                }
            }
            throw new UsageException(file + ": no model named '" + name + "'; the file has "
                    + String.join(", ", models.stream().map(CheckedModel::name).toList()));
        }
        if (models.size() > 1) {
            throw new UsageException(file + ": the file has models " + String.join(", ", models.stream().map(CheckedModel::name).toList())
                    + "; choose one with --model NAME");
        }
        return models.get(0);
    }
}
