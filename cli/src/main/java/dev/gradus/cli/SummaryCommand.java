package dev.gradus.cli;

import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.lower.Footprint;
import dev.gradus.compiler.lower.Plan;
import dev.gradus.compiler.lower.Schedule;
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

    @Option(names = "--json", description = "print one JSON object instead (byte and FLOP counts as numbers)")
    boolean json;

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
        PrintWriter out = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
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
        out.printf(Locale.ROOT, "  optimizer state     %s (%s the size of the parameters, and the step count)%n",
                size(s.optimizerBuffers() * paramBytes + 8), RunText.count(s.optimizerBuffers(), "buffer"));
        // the batch's arrays as the generated trainer allocates them (kernel gradients summed per block of examples)
        Footprint f = Footprint.of(new Schedule(new Plan(m, ModelGradients.of(m))));
        out.printf(Locale.ROOT, "  per-example buffers %s (%,d values an example, forward and backward, times batch %d%s)%n",
                size(f.bytes(b, bytes)), f.realsPerExample() + f.intsPerExample(), b, f.realsPerBlock() == 0 ? ""
                        : String.format(Locale.ROOT, "; kernel gradients %,d values a block of %d examples", f.realsPerBlock(),
                                Schedule.EXAMPLE_GRAIN));
        long step = b * (s.forwardPerExample() + s.backwardPerExample()) + s.forwardShared() + s.backwardShared()
                + s.parameters() * ModelSummary.updateFlops(m.train().optimizer());
        out.println("FLOPs");
        out.printf(Locale.ROOT, "  forward per example %,d%n", s.forwardPerExample() + s.forwardShared());
        out.printf(Locale.ROOT, "  training step       %,d (batch %d: forward, backward and the optimizer update)%n", step, b);
        out.flush();
        if (json) {
            spec.commandLine().getOut().println(JsonOutput.object(g -> {
                g.writeStringField("model", m.name());
                g.writeStringField("precision", p.keyword());
                g.writeNumberField("batch", b);
                g.writeStringField("optimizer", m.train().optimizer().toString());
                g.writeArrayFieldStart("parameters");
                for (CheckedModel.Parameter x : s.params()) {
                    g.writeStartObject();
                    g.writeStringField("name", x.name());
                    int[] dims = x.node().shape().dims().stream().mapToInt(Integer::intValue).toArray();
                    g.writeFieldName("shape");
                    g.writeArray(dims, 0, dims.length);
                    g.writeNumberField("count", x.node().shape().size());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeNumberField("total_parameters", s.parameters());
                g.writeObjectFieldStart("memory_bytes");
                g.writeNumberField("parameters", paramBytes);
                g.writeNumberField("gradients", paramBytes);
                g.writeNumberField("optimizer_state", s.optimizerBuffers() * paramBytes + 8);
                g.writeNumberField("per_example_buffers", f.bytes(b, bytes));
                g.writeEndObject();
                g.writeObjectFieldStart("flops");
                g.writeNumberField("forward_per_example", s.forwardPerExample() + s.forwardShared());
                g.writeNumberField("training_step", step);
                g.writeEndObject();
            }));
        }
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
