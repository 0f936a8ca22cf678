package dev.gradus.compiler.check;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.TrainConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The memory a model needs at least, checked against a budget before anything is generated: its
 * parameters, their gradients and the optimizer's state, in
 * double precision (the larger). The budget is {@code -Dgradus.memory=BYTES}, by default Java's
 * maximum heap, so a model that cannot train here is refused by {@code check} rather than by an
 * out-of-memory error an hour into training. A batch needs, per example, its inputs and targets and
 * every named value and its gradient; {@link #batchProblem} refuses a batch (the train block's, or
 * {@code --batch}) whose buffers exceed the budget or the 2^31 elements a Java array holds.
 */
public final class Memory {
    private Memory() {}

    /** The budget in bytes: {@code gradus.memory} if set, else the JVM's maximum heap. */
    static long budget() {
        return Long.getLong("gradus.memory", Runtime.getRuntime().maxMemory());
    }

    /** Whether the model fits the budget; if not, an error at its largest parameter. */
    static boolean fits(Diagnostics diagnostics, List<CheckedModel.Parameter> params, TrainConfig train) {
        long copies = 2 + train.optimizer().stateBuffers(); // values, gradients, state
        long bytes = 0;
        CheckedModel.Parameter largest = null;
        for (CheckedModel.Parameter p : params) {
            bytes += (long) p.node().shape().size() * 8 * copies;
            if (largest == null || p.node().shape().size() > largest.node().shape().size()) {
                largest = p;
            }
        }
        long budget = budget(); // the batch's inputs and values are batchProblem's, with a message that says so
        if (bytes <= budget || largest == null) {
            return true;
        }
        diagnostics.error(largest.pos(), String.format(Locale.ROOT,
                "this model needs at least %s of memory (parameters, gradients and optimizer state; %s alone has %,d values), "
                        + "more than the %s available (Java's maximum heap: raise it with java -Xmx, or set -Dgradus.memory=BYTES)",
                bytes(bytes), largest.name(), largest.node().shape().size(), bytes(budget)));
        return false;
    }

    /**
     * Null if a batch of {@code batch} examples fits: the parameters' memory (as {@link #fits}) plus, per
     * example, the inputs and targets and every named value with its gradient in double precision,
     * within the budget, and no per-example buffer times {@code batch} beyond a Java array's 2^31
     * elements; else a sentence saying what it would need.
     */
    public static String batchProblem(CheckedModel m, long batch) {
        long perExample = 0;
        long widest = 1;
        String widestName = null;
        for (Node.Input in : m.fields()) {
            perExample += in.shape().size();
            if (in.shape().size() > widest) {
                widest = in.shape().size();
                widestName = in.name();
            }
        }
        for (Map.Entry<String, Node> v : m.values().entrySet()) {
            perExample += 2L * v.getValue().shape().size();
            if (v.getValue().shape().size() > widest) {
                widest = v.getValue().shape().size();
                widestName = v.getKey();
            }
        }
        long copies = 2 + m.train().optimizer().stateBuffers();
        long params = 0;
        for (CheckedModel.Parameter p : m.params()) {
            params += (long) p.node().shape().size() * 8 * copies;
        }
        if (widest > (Integer.MAX_VALUE - 8) / batch) {
            return String.format(Locale.ROOT, "a batch of %,d examples of '%s' (%,d values each) needs arrays of %,d elements,"
                    + " more than the %,d a Java array holds", batch, widestName, widest, widest * batch, Integer.MAX_VALUE - 8);
        }
        long bytes = params + perExample * 8 * batch;
        long budget = budget();
        if (bytes <= budget) {
            return null;
        }
        return String.format(Locale.ROOT, "a batch of %,d examples needs at least %s of memory (%s per example for inputs, targets,"
                + " values and gradients, with the parameters), more than the %s available (Java's maximum heap: raise it with"
                + " java -Xmx, or set -Dgradus.memory=BYTES)", batch, bytes(bytes), bytes(perExample * 8), bytes(budget));
    }

    /** {@code 1.5 GiB}, {@code 12 MiB}, {@code 800 bytes}. */
    static String bytes(long n) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
