package dev.gradus.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.lang.model.SourceVersion;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Where {@code compile} writes: the checks on {@code -d} and {@code --package}, and whole-file writes. */
final class JavaSources {
    private JavaSources() {}

    /** A usage error (exit 2) unless {@code dir} can be a source root: not empty, not an existing file. */
    static void checkFolder(CommandSpec spec, Path dir) {
        if (dir.toString().isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-d needs a folder name, found ''");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "-d " + dir + " is a file, not a folder");
        }
    }

    /** A usage error (exit 2) unless {@code name} is empty or a Java package name. */
    static void checkPackage(CommandSpec spec, String name) {
        if (!name.isEmpty() && !SourceVersion.isName(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--package '" + name
                    + "' is not a Java package name (names of letters, digits and _ separated by single dots,"
                    + " none starting with a digit or a Java keyword)");
        }
    }

    /**
     * Writes {@code file} under the source root {@code dir} (created if missing) and returns its path.
     * The file appears whole or not at all: it is written beside its final name and then moved there.
     */
    static Path write(Path dir, JavaFile file) {
        Path folder = dir;
        if (!file.packageName().isEmpty()) {
            for (String part : file.packageName().split("\\.")) {
                folder = folder.resolve(part);
            }
        }
        Path target = folder.resolve(file.typeSpec().name() + ".java");
        Path temp = null;
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new CliException("cannot create folder " + folder + ": " + e.getFile() + " is a file");
        } catch (IOException e) {
            throw new CliException("cannot create folder " + folder + ": " + describe(e));
        }
        try {
            temp = Files.createTempFile(folder, "." + file.typeSpec().name() + ".", ".java.tmp");
            Files.writeString(temp, file.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new CliException("cannot write " + target + ": " + describe(e));
        } finally {
            deleteQuietly(temp);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // the temporary file stays; it is named after the class and ends in .tmp
            }
        }
    }
}
