package dev.gradus.cli;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Mean loss (and accuracy for a class target) of trained parameters on a CSV file.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net")
    Path file;

    @Option(names = "--model", paramLabel = "NAME")
    String model;

    @Option(names = "--params", required = true, paramLabel = "P.safetensors")
    Path params;

    @Option(names = "--data", required = true, paramLabel = "CSV")
    Path data;

    @Option(names = "--predict", paramLabel = "OUT.csv", description = "write the output of every example")
    Path predict;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float")
    String precision;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Precision p = Options.precision(spec, precision);
        CheckedModel m = Models.choose(file, model);
        Preflight.notAnInput(spec, "--predict", predict, "--params", params);
        Preflight.notAnInput(spec, "--predict", predict, "--data", data);
        Preflight.check(spec, "--predict", predict, null, null);
        Trainer trainer = Trainers.compile(m, p, Math.max(1, m.train().batch()));
        trainer.load(params);
        DataSet examples = Trainers.data(trainer, data, true);
        if (examples.size() == 0) {
            throw new CliException(data + ": no examples");
        }
        double loss = trainer.meanLoss(examples);
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s: %d examples, mean loss %s%n", m.name(), data, examples.size(), Progress.number(loss));
        TensorSpec output = trainer.output();
        TensorSpec label = trainer.targets().stream().filter(t -> t.classes() > 0).findFirst().orElse(null);
        if (label != null && output != null && output.size() == label.classes()) {
            double[] y = new double[trainer.outputs().stream().mapToInt(TensorSpec::size).sum()];
            int right = 0;
            double[][] labels = examples.rows(label.name());
            for (int e = 0; e < examples.size(); e++) {
                trainer.predict(examples, e, y);
                int best = 0;
                for (int k = 1; k < output.size(); k++) {
                    if (y[k] > y[best]) {
                        best = k;
                    }
                }
                right += best == (int) labels[e][0] ? 1 : 0;
            }
            out.printf(Locale.ROOT, "accuracy %.4f (%d of %d)%n", (double) right / examples.size(), right, examples.size());
        }
        if (predict != null) {
            if (output == null) {
                throw new CliException("--predict: model " + m.name() + " declares no output");
            }
            java.util.List<String> columns = new java.util.ArrayList<>(); // every output's columns, one after another
            trainer.outputs().forEach(o -> columns.addAll(java.util.List.of(o.columns())));
            StringBuilder s = new StringBuilder(String.join(",", columns)).append('\n');
            double[] y = new double[columns.size()];
            for (int e = 0; e < examples.size(); e++) {
                trainer.predict(examples, e, y);
                for (int k = 0; k < y.length; k++) {
                    s.append(k > 0 ? "," : "").append(y[k]);
                }
                s.append('\n');
            }
            TrainCommand.writeAtomically(predict, s.toString());
            out.println("wrote " + predict);
        }
        return 0;
    }
}
