package dev.gradus.cli;

import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Parameters (shapes and counts), memory (parameters, optimizer state, per-example buffers at the model's batch) and FLOPs per example and per training step.")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model, if the file has several")
    String model;

    @Option(names = "--batch", paramLabel = "N", description = "the batch to size buffers and steps for (default: the train block's)")
    Integer batch;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float", description = "element type, for the byte counts (default: float)")
    String precision;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Precision p = Options.precision(spec, precision);
        CheckedModel m = Models.choose(file, model);
        if (batch != null && batch < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be positive, found " + batch);
        }
        int b = batch != null ? batch : m.train().batch();
        int bytes = p == Precision.DOUBLE ? 8 : 4;
        ModelSummary s = ModelSummary.of(m);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "model %s (%s, batch %d, %s)%n", m.name(), p.keyword(), b, m.train().optimizer());
        int width = Math.max(9, s.params().stream().mapToInt(x -> x.name().length()).max().orElse(0));
        out.printf(Locale.ROOT, "  %-" + width + "s  %-10s  %12s%n", "parameter", "shape", "count");
        for (CheckedModel.Parameter x : s.params()) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %-10s  %,12d%n", x.name(), x.node().shape().dims(), x.node().shape().size());
        }
        out.printf(Locale.ROOT, "  %-" + width + "s  %-10s  %,12d%n", "total", "", s.parameters());
        out.println("memory");
        long paramBytes = s.parameters() * bytes;
        out.printf(Locale.ROOT, "  parameters          %s%n", size(paramBytes));
        out.printf(Locale.ROOT, "  gradients           %s%n", size(paramBytes));
        out.printf(Locale.ROOT, "  optimizer state     %s (%d buffer%s the size of the parameters, and the step count)%n",
                size(s.optimizerBuffers() * paramBytes + 8), s.optimizerBuffers(), s.optimizerBuffers() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "  per-example buffers %s (%,d values an example, forward and backward, times batch %d)%n",
                size(s.perExampleValues() * bytes * b), s.perExampleValues(), b);
        long step = b * (s.forwardPerExample() + s.backwardPerExample()) + s.forwardShared() + s.backwardShared()
                + s.parameters() * ModelSummary.updateFlops(m.train().optimizer());
        out.println("FLOPs");
        out.printf(Locale.ROOT, "  forward per example %,d%n", s.forwardPerExample() + s.forwardShared());
        out.printf(Locale.ROOT, "  training step       %,d (batch %d: forward, backward and the optimizer update)%n", step, b);
        out.flush();
        return 0;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB (%,d B)", bytes / 1024.0, bytes);
        }
        return String.format(Locale.ROOT, "%.1f MiB (%,d B)", bytes / (1024.0 * 1024), bytes);
    }
}
