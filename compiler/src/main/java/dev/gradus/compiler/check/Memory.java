package dev.gradus.compiler.check;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.TrainConfig;
import java.util.List;
import java.util.Locale;

/**
 * The memory a model needs at least, checked against a budget before anything is generated: its
 * parameters, their gradients and the optimizer's state, and one batch of inputs and targets, in
 * double precision (the larger). The budget is {@code -Dgradus.memory=BYTES}, by default Java's
 * maximum heap, so a model that cannot train here is refused by {@code check} rather than by an
 * out-of-memory error an hour into training.
 */
final class Memory {
    private Memory() {}

    /** The budget in bytes: {@code gradus.memory} if set, else the JVM's maximum heap. */
    static long budget() {
        return Long.getLong("gradus.memory", Runtime.getRuntime().maxMemory());
    }

    /** Whether the model fits the budget; if not, an error at its largest parameter. */
    static boolean fits(Diagnostics diagnostics, List<CheckedModel.Parameter> params, List<Node.Input> fields, TrainConfig train) {
        long copies = 2 + train.optimizer().stateBuffers(); // values, gradients, state
        long bytes = 0;
        CheckedModel.Parameter largest = null;
        for (CheckedModel.Parameter p : params) {
            bytes += (long) p.node().shape().size() * 8 * copies;
            if (largest == null || p.node().shape().size() > largest.node().shape().size()) {
                largest = p;
            }
        }
        for (Node.Input in : fields) {
            bytes += (long) in.shape().size() * 8 * train.batch();
        }
        long budget = budget();
        if (bytes <= budget || largest == null) {
            return true;
        }
        diagnostics.error(largest.pos(), String.format(Locale.ROOT,
                "this model needs at least %s of memory (parameters, gradients and optimizer state; %s alone has %,d values), "
                        + "more than the %s available (Java's maximum heap: raise it with java -Xmx, or set -Dgradus.memory=BYTES)",
                bytes(bytes), largest.name(), largest.node().shape().size(), bytes(budget)));
        return false;
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
