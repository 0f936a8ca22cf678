package dev.gradus.cli;

import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Metrics;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Mean loss and metrics (accuracy and a confusion matrix for a class target, accuracy for a bce target, MAE, RMSE and R² for regression) of trained parameters on a CSV file.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to evaluate, if the file has several")
    String model;

    @Option(names = "--params", required = true, paramLabel = "P.safetensors", description = "trained parameters (from train --save)")
    Path params;

    @Option(names = "--data", paramLabel = "CSV", description = "examples with inputs and targets (default: the train block's data)")
    Path data;

    @Option(names = "--predict", paramLabel = "OUT.csv", description = "write the output of every example")
    Path predict;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float", description = "element type of the generated trainer (default: float)")
    String precision;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME", description = "the metrics to report: accuracy, mae, mse, rmse, r2, each of the first output or of a named one (mae(recon)), or none (default: the train block's metrics, else every output's usual ones)")
    java.util.List<String> chosen;

    @Option(names = "--json", description = "print one JSON object instead: model, data, examples, loss, metrics (and the confusion matrix for a class target)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Precision p = Options.precision(spec, precision);
        CheckedModel m = Models.choose(file, model);
        MetricSet target = MetricSet.of(m, chosen, m.train().metrics());
        Path csv = Trainers.dataPath(file, m, data);
        Preflight.oneStdin(spec, Preflight.named("--params", params), Preflight.named("--data", data));
        Preflight.noOverwrite(spec, java.util.List.of(Preflight.named("--predict", predict)), java.util.List.of(
                Preflight.named("FILE.net", file), Preflight.named("--params", params), Preflight.named(data == null ? "the data" : "--data", csv)));
        Preflight.check(spec, "--predict", predict, null, null);
        Trainer trainer = Trainers.compile(m, p, Math.max(1, m.train().batch()));
        trainer.load(Std.in(params));
        DataSet examples = Trainers.data(trainer, csv, true);
        if (examples.size() == 0) {
            throw new CliException(csv + ": no examples");
        }
        double loss = trainer.meanLoss(examples);
        if (!Double.isFinite(loss)) {
            throw new CliException(csv + ": the mean loss is " + loss + NonFinite.hint(loss));
        }
        // With --predict - the predictions go to standard output, and these lines to standard error;
        // with --json only the JSON object goes to standard output.
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter())
                : Std.dash(predict) ? spec.commandLine().getErr() : spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s: %s, mean loss %s%n", m.name(), csv, RunText.count(examples.size(), "example"),
                Progress.number(loss));
        Metrics.Target classes = target.classTarget();
        if (!target.isEmpty()) {
            var metrics = new java.util.LinkedHashMap<>(target.compute(trainer, examples));
            if (classes != null && metrics.containsKey("accuracy" + classes.suffix())) {
                // the class target's accuracy with its counts and confusion matrix, then the other metrics
                double accuracy = metrics.remove("accuracy" + classes.suffix());
                long right = Math.round(accuracy * examples.size());
                out.printf(Locale.ROOT, "accuracy%s %.4f (%d of %d)%n", classes.suffix(), accuracy, right, examples.size());
                out.print(confusion(Metrics.confusion(trainer, examples, classes, width(trainer, classes))));
            }
            if (!metrics.isEmpty()) {
                java.util.StringJoiner s = new java.util.StringJoiner(", ");
                metrics.forEach((k, v) -> s.add(shown(k) + " " + Progress.number(v)));
                out.println(s);
            }
        }
        if (predict != null) {
            TensorSpec output = trainer.output();
            if (output == null) {
                throw new CliException("--predict: model " + m.name() + " declares no output");
            }
            java.util.List<String> columns = new java.util.ArrayList<>(); // every output's columns, one after another
            trainer.outputs().forEach(o -> columns.addAll(java.util.List.of(o.columns())));
            boolean isClass = TargetKinds.of(m) != null && TargetKinds.of(m).kind() == Metrics.Kind.CLASS;
            StringBuilder s = new StringBuilder(String.join(",", columns)).append(isClass ? ",class" : "").append('\n');
            double[] y = new double[columns.size()];
            for (int e = 0; e < examples.size(); e++) {
                trainer.predict(examples, e, y);
                NonFinite.check(csv.toString(), e, y);
                for (int k = 0; k < y.length; k++) {
                    s.append(k > 0 ? "," : "").append(y[k]);
                }
                if (isClass) { // as predict writes it: the argmax of the first output
                    s.append(',').append(Trainer.argmax(y, output.size()));
                }
                s.append('\n');
            }
            if (Std.dash(predict)) {
                spec.commandLine().getOut().print(s);
                spec.commandLine().getOut().flush();
            } else {
                TrainCommand.writeAtomically(predict, s.toString());
                out.println("wrote " + predict);
            }
        }
        if (json) {
            spec.commandLine().getOut().println(json(m, csv, trainer, examples, loss, target));
        }
        return 0;
    }

    /** A metric as eval prints it: {@code R²}, {@code MAE}, {@code RMSE(recon)}. */
    private static String shown(String key) {
        int open = key.indexOf('(');
        String metric = open < 0 ? key : key.substring(0, open);
        return switch (metric) {
            case "r2" -> "R²";
            case "mae", "mse", "rmse" -> metric.toUpperCase(Locale.ROOT);
            default -> metric;
        } + (open < 0 ? "" : key.substring(open));
    }

    private String json(CheckedModel m, Path csv, Trainer trainer, DataSet examples, double loss, MetricSet target) {
        return JsonOutput.object(g -> {
            g.writeStringField("model", m.name());
            g.writeStringField("data", csv.toString());
            g.writeNumberField("examples", examples.size());
            JsonOutput.number(g, "loss", loss);
            JsonOutput.numbers(g, "metrics", target.compute(trainer, examples));
            Metrics.Target classes = target.classTarget();
            if (classes != null) {
                g.writeArrayFieldStart("confusion");
                for (long[] row : Metrics.confusion(trainer, examples, classes, width(trainer, classes))) {
                    g.writeArray(row, 0, row.length);
                }
                g.writeEndArray();
            }
            if (predict != null) {
                g.writeStringField("predictions", predict.toString());
            }
        });
    }

    private static int width(Trainer trainer, Metrics.Target t) {
        return t.width() < 0 ? trainer.output().size() : t.width();
    }

    /** Rows are true classes, columns predicted ones, as scikit-learn's confusion_matrix. */
    static String confusion(long[][] counts) {
        int width = 4;
        for (long[] row : counts) {
            for (long c : row) {
                width = Math.max(width, String.valueOf(c).length() + 1);
            }
        }
        StringBuilder s = new StringBuilder("confusion matrix (rows: true class, columns: predicted)\n");
        s.append(String.format(Locale.ROOT, "%" + (width + 2) + "s", ""));
        for (int k = 0; k < counts.length; k++) {
            s.append(String.format(Locale.ROOT, "%" + width + "d", k));
        }
        s.append('\n');
        for (int t = 0; t < counts.length; t++) {
            s.append(String.format(Locale.ROOT, "%" + (width + 2) + "d", t));
            for (long c : counts[t]) {
                s.append(String.format(Locale.ROOT, "%" + width + "d", c));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
