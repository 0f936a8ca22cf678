package dev.gradus.cli;

import static dev.gradus.cli.Preflight.named;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.OptimizerConfig;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.Checkpoint;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.OutputFiles;
import dev.gradus.runtime.Fit;
import dev.gradus.runtime.FitOptions;
import dev.gradus.runtime.FitResult;
import dev.gradus.runtime.TrainingDivergedException;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model on a CSV file with its generated trainer.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to train, if the file has several")
    String model;

    @Option(names = "--data", paramLabel = "CSV", description = "overrides the train block's data")
    Path data;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the data (overrides the train block); 0 trains nothing, and --save then writes the initial parameters")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "examples per step (overrides the train block)")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "learning rate (overrides the optimizer's)")
    Double lr;

    @Option(names = "--seed", paramLabel = "N", description = "seed for initialization and shuffling")
    Long seed;

    @Option(names = "--init", paramLabel = "P.safetensors", description = "start from these parameters")
    Path init;

    @Option(names = "--save", paramLabel = "P.safetensors", description = "save the trained parameters, with the optimizer's state, the epochs run and the seed (for --resume)")
    Path save;

    @Option(names = "--resume", paramLabel = "P.safetensors", description = "continue the run whose --save wrote this file for --epochs N more epochs, as if it had not stopped")
    Path resume;

    @Option(names = "--log", paramLabel = "LOSS.csv", description = "write epoch,loss per epoch (then lr with a schedule, val_loss and validation metrics with validation data)")
    Path log;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float",
            description = "element type of the generated trainer (default: float)")
    String precision;

    @Option(names = "--predict", paramLabel = "x=5", description = "after training, print the output for these inputs")
    String predict;

    @Option(names = "--quiet", description = "print only the final loss (and the files written)")
    boolean quiet;

    @Option(names = "--verbose", description = "also print which kernels and how many threads the trainer chose")
    boolean verbose;

    @Option(names = "--plot", paramLabel = "LOSS.svg|LOSS.png", description = "draw the training (and validation) loss per epoch as an SVG or PNG chart")
    Path plot;

    @Option(names = "--metrics", split = ",", paramLabel = "NAME", description = "the metrics to report: accuracy, mae, mse, rmse, r2, each of the first output or of a named one (mae(recon)), or none (overrides the train block's metrics)")
    java.util.List<String> metrics;

    @Option(names = "--json", description = "print only one JSON object at the end: the epochs run, final loss, metrics, time and files written")
    boolean json;

    @Mixin
    FitFlags fit = new FitFlags();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Precision p = Options.precision(spec, precision);
        if (plot != null) {
            LossPlot.format(spec, plot);
        }
        CheckedModel m = Models.choose(file, model);
        java.util.Map<String, double[]> predictValues = predict == null ? null : Trainers.inputs(spec, m, "--predict", predict);
        TrainConfig t = m.train();
        MetricSet target = MetricSet.of(m, metrics, t.metrics());
        int epochCount = epochs != null ? notNegative("--epochs", epochs) : t.epochs();
        int batchSize = batch != null ? Preflight.batch(spec, m, positive("--batch", batch)) : t.batch();
        Checkpoint checkpoint = resume(spec);
        int done = checkpoint == null ? 0 : checkpoint.epochs();
        long seedValue = checkpoint != null ? checkpoint.seed() : seed != null ? seed : t.seed();
        OptimizerConfig optimizer = lr == null ? t.optimizer() : Preflight.optimizer(spec, t.optimizer().withLr(lr), "--lr");
        Preflight.check(spec, "--save", save, "--log", log);
        Preflight.check(spec, "--save", save, "--plot", plot);
        Preflight.check(spec, "--log", log, "--plot", plot);
        for (Preflight.Named o : List.of(named("--save", save), named("--log", log), named("--plot", plot))) {
            if (json && Std.dash(o.path())) { // two things on standard output, the JSON object among them
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--json prints its object on standard output, and "
                        + o.option() + " - would write there too; give " + o.option() + " a file");
            }
        }
        FitOptions options = fit.options(spec, t, done + epochCount, batchSize, seedValue, save).withStartEpoch(done);
        Path csv = Trainers.dataPath(file, m, data);
        Preflight.oneStdin(spec, named("--data", data), named("--init", init), named("--val", fit.val), named("--resume", resume));
        Preflight.noOverwrite(spec, List.of(named("--save", save), named("--log", log), named("--plot", plot)),
                List.of(named("FILE.net", file), named("the data", csv), named("--init", init), named("--resume", resume),
                        named("the validation data", fit.valPath(t, file))));
        Trainer trainer = Trainers.compile(m, p, batchSize);
        DataSet[] sets;
        try (Warmup w = epochCount > 0 ? Warmup.start(trainer, batchSize) : null) { // while the data is read
            sets = fit.split(Trainers.data(trainer, csv, true), t, file, seedValue, f -> Trainers.data(trainer, f, true));
        }
        DataSet examples = sets[0];
        DataSet validation = sets[1];
        if (examples.size() == 0) {
            throw new CliException(csv + ": no examples after the header row");
        }
        if (seed != null) {
            trainer.initialize(seedValue);
        }
        if (init != null) {
            trainer.load(Std.in(init));
        }
        if (checkpoint != null) {
            checkpoint.restore(trainer, resume);
        }
        if (lr != null) {
            trainer.learningRate(lr);
        }
        if (predict != null && trainer.output() == null) {
            throw new CliException("--predict: model " + m.name() + " declares no output");
        }
        DataSet query = predict == null ? null : Trainers.example(trainer, predictValues);
        // With an output to standard output (-), these lines go to standard error; with --json, only
        // the JSON object goes to standard output.
        boolean toStdout = Std.dash(save) || Std.dash(log) || Std.dash(plot);
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter())
                : toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (!quiet) {
            out.printf(Locale.ROOT, "training %s on %s: %s, %s, batch %d, %s, %s%s%n", m.name(), csv,
                    RunText.count(examples.size(), "example"), RunText.count(epochCount, "epoch"), batchSize, optimizer, p.keyword(),
                    RunText.extras(options, validation) + (done > 0 ? ", resumed after epoch " + done : ""));
        }
        if (epochCount == 0) {
            int status = untrained(out, trainer, examples, query, done, seedValue);
            if (json) {
                json(m, csv, trainer, examples, validation, target, done, 0, trainer.meanLoss(examples), 0, null);
            }
            return status;
        }
        Progress progress = Progress.create(out, done + epochCount, examples.size(), quiet || json);
        History history = new History(trainer, examples, validation, target, options.schedule() != null, progress);
        long start = System.nanoTime();
        FitResult result;
        try {
            result = Fit.run(trainer, examples, validation, options, lr != null ? lr : t.optimizer().get("lr"), history);
        } catch (IllegalArgumentException e) {
            progress.close();
            throw new CliException(e.getMessage());
        } catch (TrainingDivergedException e) {
            progress.close();
            throw diverged(e, out, m, csv, trainer, examples, validation, history);
        }
        long nanos = System.nanoTime() - start;
        progress.close();
        double seconds = nanos / 1e9;
        int ran = result.epochs().size();
        // After early stopping the parameters are the best epoch's, and the loss reported with them is theirs, on the
        // training data: the epoch's own loss is its batches' mean as they trained, which the parameters after its last
        // step need not have (xor at lr 5: 0.699 against 0.983).
        double finalLoss = result.restoredBest() ? trainer.meanLoss(examples) : result.last().loss();
        out.printf(Locale.ROOT, "final loss %s after %s (%.3f s, %s examples/s)%n", Progress.number(finalLoss),
                RunText.count(ran, "epoch"), seconds, Progress.count((long) examples.size() * ran / Math.max(seconds, 1e-9)));
        RunText.summary(out, result, trainer, examples, validation, target, quiet);
        if (verbose) {
            out.println(trainer.describeExecution());
        }
        if (!quiet && System.console() != null && System.getenv("CI") == null && ran > 1) {
            out.println("loss " + Sparkline.of(history.losses(), 40));
        }
        out.flush();
        logAndPlot(out, m, history, validation);
        if (save != null) {
            Checkpoint.save(trainer, Std.out(save), done + ran, seedValue);
            out.println("saved parameters to " + save);
        }
        predict(out, trainer, query);
        out.flush();
        if (json) {
            json(m, csv, trainer, examples, validation, target, done + ran, ran, finalLoss, seconds, result);
        }
        return 0;
    }

    /**
     * A run that diverged: the last finite parameters saved where --save-last-good kept them, the log and plot of the
     * epochs it completed (what shows where it went wrong), with --json an object saying so, and the error to throw.
     */
    private CliException diverged(TrainingDivergedException e, PrintWriter out, CheckedModel m, Path csv, Trainer trainer,
                                  DataSet examples, DataSet validation, History history) {
        boolean saved = e.restored() && save != null;
        if (saved) {
            trainer.save(Std.out(save));
            out.println("saved the last parameters whose loss and gradient were finite to " + save);
        } else if (fit.saveLastGood) {
            out.println("no step had a finite loss and gradient: nothing saved");
        }
        out.flush();
        logAndPlot(out, m, history, validation);
        String message = e.getMessage() + (save != null && !e.restored() ? "; nothing saved" : "");
        if (json) {
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println(JsonOutput.object(g -> {
                run(g, m, csv, examples);
                g.writeStringField("error", message);
                g.writeObjectFieldStart("diverged");
                g.writeNumberField("epoch", e.epoch());
                g.writeNumberField("step", e.step());
                g.writeEndObject();
                g.writeNumberField("epochs", history.losses().length);
                if (saved) {
                    g.writeStringField("saved", save.toString());
                }
            }));
            stdout.flush();
        }
        return new CliException(message);
    }

    /**
     * --log and --plot: the epochs' losses, to standard output where --log is -. A run that completed no epoch
     * (diverged in its first) logs the header alone and plots nothing, and says so.
     */
    private void logAndPlot(PrintWriter out, CheckedModel m, History history, DataSet validation) {
        if (Std.dash(log)) {
            spec.commandLine().getOut().print(history.csv());
            spec.commandLine().getOut().flush();
        } else if (log != null) {
            writeAtomically(log, history.csv());
        }
        if (plot != null && history.losses().length == 0) {
            out.println("no epoch completed: nothing plotted to " + plot);
        } else if (plot != null) {
            LossPlot.write(Std.out(plot), m.name(), history.losses(), validation == null ? null : history.valLosses());
            out.println("plotted the loss to " + plot);
        }
    }

    /** The fields every --json object of train begins with: what was trained on what. */
    private static void run(com.fasterxml.jackson.core.JsonGenerator g, CheckedModel m, Path csv, DataSet examples) throws IOException {
        g.writeStringField("model", m.name());
        g.writeStringField("data", csv.toString());
        g.writeNumberField("examples", examples.size());
    }

    /** --json: the run's outcome as one JSON object on standard output. */
    private void json(CheckedModel m, Path csv, Trainer trainer, DataSet examples, DataSet validation, MetricSet target,
                      int epochsInAll, int ran, double loss, double seconds, FitResult result) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(JsonOutput.object(g -> {
            run(g, m, csv, examples);
            g.writeNumberField("epochs", ran);
            g.writeNumberField("epochs_in_all", epochsInAll);
            JsonOutput.number(g, "loss", loss);
            JsonOutput.numbers(g, "metrics", target.compute(trainer, examples));
            if (validation != null) {
                JsonOutput.number(g, "val_loss", trainer.meanLoss(validation));
                JsonOutput.numbers(g, "val_metrics", target.compute(trainer, validation));
            }
            if (result != null) {
                g.writeBooleanField("stopped_early", result.stoppedEarly());
                g.writeNumberField("best_epoch", result.bestEpoch() + 1);
            }
            g.writeNumberField("seconds", seconds);
            if (save != null) {
                g.writeStringField("saved", save.toString());
            }
        }));
        out.flush();
    }

    /** --epochs 0: the initial parameters' loss, saved (to reproduce a run elsewhere) when --save asks. */
    private int untrained(PrintWriter out, Trainer trainer, DataSet examples, DataSet query, int done, long seedValue) {
        double loss = trainer.meanLoss(examples);
        if (!Double.isFinite(loss)) { // as training fails on a loss that is not finite, and nothing is saved
            throw new CliException("--epochs 0: the initial parameters' loss is " + loss + ", not a finite number"
                    + (save != null ? "; nothing saved" : ""));
        }
        out.println("no training (--epochs 0): initial loss " + Progress.number(loss));
        for (Path p : java.util.Arrays.asList(log, plot)) {
            if (p != null) {
                out.println("no epoch ran: nothing " + (p == log ? "logged" : "plotted") + " to " + p);
            }
        }
        if (save != null) {
            Checkpoint.save(trainer, Std.out(save), done, seedValue);
            out.println("saved the initial parameters to " + save);
        }
        predict(out, trainer, query);
        out.flush();
        return 0;
    }

    private void predict(PrintWriter out, Trainer trainer, DataSet query) {
        if (query != null) {
            TensorSpec o = trainer.output();
            double[] y = new double[Trainer.outputSize(trainer)];
            trainer.predict(query, 0, y);
            NonFinite.check("--predict", 0, y);
            y = java.util.Arrays.copyOf(y, o.size()); // the first output
            java.util.StringJoiner values = new java.util.StringJoiner(", ", "[", "]");
            for (double v : y) {
                values.add(Progress.number(v));
            }
            out.println("predict " + predict + ": " + o.name() + " = " + (y.length == 1 ? Progress.number(y[0]) : values));
        }
    }

    /** The --resume checkpoint, or null; it sets the seed, so another --seed, or --init, is a usage error. */
    private Checkpoint resume(CommandSpec spec) {
        if (resume == null) {
            return null;
        }
        if (init != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --init or --resume, not both");
        }
        Checkpoint c = Checkpoint.read(Std.in(resume));
        if (seed != null && seed != c.seed()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seed " + seed + " differs from the seed of the run "
                    + resume + " continues (" + c.seed() + "); leave --seed out");
        }
        return c;
    }

    private int notNegative(String option, int v) {
        if (v < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must not be negative, found " + v);
        }
        return v;
    }

    private int positive(String option, int v) {
        if (v < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be positive, found " + v);
        }
        return v;
    }

    /** Writes an output file through the runtime's one helper: atomic for regular files, direct for devices and pipes. */
    static void writeAtomically(Path file, String text) {
        OutputFiles.writeString(file, text);
    }

    static void writeAtomically(Path file, byte[] bytes) {
        OutputFiles.write(file, out -> out.write(bytes));
    }
}
