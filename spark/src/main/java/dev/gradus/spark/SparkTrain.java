package dev.gradus.spark;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.TrainerLoader;
import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.runtime.DataException;
import dev.gradus.runtime.OutputFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-submit gradus-spark.jar FILE.net --data PATH ...}: compiles the model on the driver,
 * ships the trainer's class bytes to the executors, and trains on Spark like {@code gradus train}.
 */
@Command(name = "gradus-spark", mixinStandardHelpOptions = true, version = "gradus-spark 0.1.0",
        description = "Train a .net model on Apache Spark: synchronous data-parallel steps (the default) or parameter averaging.")
public final class SparkTrain implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the model: a file on the driver or a Hadoop URI (hdfs://, s3a://)")
    String file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model to train, if the file has several")
    String model;

    @Option(names = "--data", paramLabel = "PATH", description = "CSV (with a header row) or Parquet, any path Spark reads; default: the train block's data")
    String data;

    @Option(names = "--format", paramLabel = "csv|parquet", description = "the data's format (default: parquet for *.parquet, else csv)")
    String format;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the data (overrides the train block)")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "examples per step (overrides the train block)")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "learning rate (overrides the optimizer's)")
    Double lr;

    @Option(names = "--seed", paramLabel = "N", description = "seed for initialization and shuffling")
    Long seed;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float", description = "element type of the trainer (default: float)")
    String precision;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0", description = "deal the data to N partitions in runs of rows (default: as many as the data has, or Spark's default parallelism if larger)")
    int partitions;

    @Option(names = "--average", paramLabel = "K", defaultValue = "0", description = "parameter averaging: K local steps per partition between averages (default: synchronous)")
    int average;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when not started by spark-submit (default: local[*])")
    String master;

    @Option(names = "--init", paramLabel = "P.safetensors", description = "start from these parameters")
    Path init;

    @Option(names = "--save", paramLabel = "P.safetensors", description = "save the trained parameters (a file on the driver or a Hadoop URI)")
    String save;

    @Option(names = "--log", paramLabel = "LOSS.csv", description = "write epoch,loss per epoch (a file on the driver or a Hadoop URI)")
    String log;

    @Option(names = "--steps", description = "print every step's loss, not only epochs'")
    boolean steps;

    @Option(names = "--quiet", description = "print only the final loss")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a command line; returns the exit status: 0 done, 1 error, 2 usage. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new SparkTrain());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CompileException c) {
                err.print(c.render());
                int n = c.diagnostics().size();
                err.println(n + (n == 1 ? " error" : " errors"));
            } else if (ex instanceof DataException || ex instanceof RunnerException) {
                err.println("gradus-spark: error: " + ex.getMessage());
            } else {
                err.println("gradus-spark: internal error: " + ex);
            }
            err.flush();
            return 1;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public Integer call() {
        Precision p = Precision.parse(check(precision, "--precision", "float", "double"));
        CheckedModel m = RunnerFiles.choose(file, model);
        checkOutputs(); // before any work: a bad --save or --log must not cost a training run
        TrainConfig t = m.train();
        int epochCount = epochs != null ? positive("--epochs", epochs) : t.epochs();
        int batchSize = batch != null ? positive("--batch", batch) : t.batch();
        long seedValue = seed != null ? seed : t.seed();
        String path = data != null ? data : RunnerFiles.dataPath(file, m);
        String fmt = format != null ? check(format, "--format", "csv", "parquet") : path.endsWith(".parquet") ? "parquet" : "csv";
        TrainerLoader.Compiled compiled = TrainerLoader.compile(Compiler.emit(m, "gradus.generated", p));
        SparkTrainer trainer;
        try {
            trainer = new SparkTrainer(TrainerFactory.of(compiled), batchSize);
        } catch (IllegalArgumentException e) { // a model this runner cannot train (dropout), before Spark starts
            throw new RunnerException(e.getMessage());
        }
        trainer.shuffle(t.shuffle(), seedValue).partitions(Math.max(partitions, 0)).averaging(Math.max(average, 0));
        if (seed != null) {
            trainer.trainer().initialize(seedValue);
        }
        if (init != null) {
            trainer.trainer().load(init);
        }
        if (lr != null) {
            trainer.learningRate(lr);
        }
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = RunnerFiles.session(master);
        try {
            Dataset<Row> rows = fmt.equals("parquet") ? spark.read().parquet(path)
                    : spark.read().option("header", "true").option("inferSchema", "true").csv(path);
            long start = System.nanoTime();
            double[] losses;
            try (Partitions parts = trainer.partition(rows)) {
                if (!quiet) {
                    out.printf(Locale.ROOT, "training %s on %s: %d examples, %d epochs, batch %d, %s, %s; spark %s, %d partitions, %s%n",
                            m.name(), path, parts.examples(), epochCount, batchSize, lr == null ? t.optimizer() : t.optimizer().withLr(lr),
                            p.keyword(), spark.sparkContext().master(), parts.count(),
                            average > 0 ? "parameter averaging every " + average + " local steps" : "synchronous");
                    out.flush();
                }
                losses = trainer.fit(parts, epochCount, new LossPrinter(out, epochCount, steps, quiet));
                double seconds = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "final loss %s after %d epochs (%.3f s, %s examples/s)%n", LossPrinter.number(losses[losses.length - 1]),
                        epochCount, seconds, String.format(Locale.ROOT, "%,.0f", (double) parts.examples() * epochCount / Math.max(seconds, 1e-9)));
            }
            if (log != null) {
                StringBuilder s = new StringBuilder("epoch,loss\n");
                for (int e = 0; e < losses.length; e++) {
                    s.append(e + 1).append(',').append(losses[e]).append('\n');
                }
                HadoopFiles.write(log, f -> OutputFiles.writeString(f, s.toString()));
            }
            if (save != null) {
                HadoopFiles.write(save, trainer.trainer()::save);
                out.println("saved parameters to " + save);
            }
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Scala throws AnalysisException (a checked exception to Java) for a path that does not exist
            if (e instanceof org.apache.spark.sql.AnalysisException a) {
                throw new RunnerException(path + ": " + a.getSimpleMessage());
            }
            throw new IllegalStateException(e);
        } finally {
            spark.stop();
        }
    }

    private void checkOutputs() {
        if (save != null && log != null && (save.equals(log) || !HadoopFiles.isUri(save) && !HadoopFiles.isUri(log)
                && OutputFiles.sameFile(Path.of(save), Path.of(log)))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--save and --log name the same file (" + save + "); give them different files");
        }
        for (String out : new String[] {save, log}) {
            if (out != null) {
                HadoopFiles.checkWritable(out);
            }
        }
    }

    private int positive(String option, int v) {
        if (v < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be positive, found " + v);
        }
        return v;
    }

    private String check(String value, String option, String... allowed) {
        String v = value.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(), option + " must be " + String.join(" or ", allowed) + ", found " + value);
    }
}
