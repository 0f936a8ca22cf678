package dev.gradus.cli;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Compiling a checked model into a live trainer, and reading its data. */
final class Trainers {
    private Trainers() {}

    static Trainer compile(CheckedModel model, Precision precision, int maxBatch) {
        return dev.gradus.compiler.TrainerLoader.load(Compiler.emit(model, "gradus.generated", precision), maxBatch);
    }

    /** Reads a CSV with the model's inputs and, if {@code withTargets}, its targets. */
    static DataSet data(Trainer trainer, Path csv, boolean withTargets) {
        List<TensorSpec> fields = new ArrayList<>(trainer.inputs());
        if (withTargets) {
            fields.addAll(trainer.targets());
        }
        return Csv.read(csv, fields);
    }

    /** The data file: the command line's, else the train block's, relative to the .net file. */
    static Path dataPath(Path netFile, CheckedModel model, Path option) {
        if (option != null) {
            return option;
        }
        if (model.train().data() == null) {
            throw new CliException(netFile + ": model " + model.name() + " names no data; give --data FILE.csv");
        }
        return relativeTo(netFile, model.train().data());
    }

    /** A file a train block names, relative to the .net file, as a path relative to the working folder. */
    static Path relativeTo(Path netFile, String name) {
        Path dir = netFile.toAbsolutePath().getParent();
        Path resolved = dir.resolve(name).normalize();
        return Path.of("").toAbsolutePath().relativize(resolved);
    }

    /** Parses {@code x=5} or {@code x=1,y=2} or {@code x=[1,2]} into a one-example data set of the model's inputs. */
    static DataSet example(Trainer trainer, String text) {
        return example(trainer, text, "--predict");
    }

    /** {@link #example(Trainer, String)} with messages that name {@code option}. */
    static DataSet example(Trainer trainer, String text, String option) {
        java.util.Map<String, double[]> values = Assignments.parse(text);
        List<String> inputs = trainer.inputs().stream().map(TensorSpec::name).toList();
        for (String name : values.keySet()) {
            if (!inputs.contains(name)) {
                throw new UsageException(option + ": '" + name + "' is not an input of model " + trainer.modelName()
                        + " (its inputs: " + String.join(", ", inputs) + ")");
            }
        }
        List<String> names = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        for (TensorSpec in : trainer.inputs()) {
            double[] v = values.get(in.name());
            if (v == null) {
                throw new UsageException(option + " needs a value for input '" + in.name() + "' (" + in.name() + "=...)");
            }
            if (v.length != in.size()) {
                throw new UsageException(option + ": input '" + in.name() + "' has " + in.size() + " values, found " + v.length);
            }
            names.add(in.name());
            rows.add(new double[][] {v});
        }
        return new DataSet(names, rows.toArray(new double[0][][]));
    }
}
