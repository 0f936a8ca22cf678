package dev.gradus.cli;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

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
        return Std.csv(csv, fields);
    }

    /** The data file: the command line's, else the train block's, relative to the .net file. */
    static Path dataPath(Path netFile, CheckedModel model, Path option) {
        if (option != null) {
            return option;
        }
        if (model.train().data() == null) {
            throw new UsageException(netFile + ": model " + model.name() + " names no data; give --data FILE.csv");
        }
        return relativeTo(netFile, model.train().data());
    }

    /** A file a train block names, relative to the .net file, as a path relative to the working folder. */
    static Path relativeTo(Path netFile, String name) {
        Path dir = netFile.toAbsolutePath().getParent();
        Path resolved = dir.resolve(name).normalize();
        return Path.of("").toAbsolutePath().relativize(resolved);
    }

    /**
     * The model's inputs from {@code text} ({@code x=5}, {@code x=1,y=2}, {@code x=[1,2]}), parsed and
     * checked by {@link Assignments} before any work; a problem is a usage error of {@code option}.
     */
    static Map<String, double[]> inputs(CommandSpec spec, CheckedModel model, String option, String text) {
        Map<String, Assignments.Value> given = Assignments.parse(spec, option, text);
        try {
            return Assignments.fields(model, given, false);
        } catch (IllegalArgumentException e) {
            throw Assignments.usage(spec, option, e);
        }
    }

    /** A one-example data set of the trainer's inputs, from {@link #inputs}. */
    static DataSet example(Trainer trainer, Map<String, double[]> values) {
        List<String> names = new ArrayList<>();
        List<double[][]> rows = new ArrayList<>();
        for (TensorSpec in : trainer.inputs()) {
            names.add(in.name());
            rows.add(new double[][] {values.get(in.name())});
        }
        return new DataSet(names, rows.toArray(new double[0][][]));
    }
}
