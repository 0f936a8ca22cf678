package dev.gradus.cli;

import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Traversal;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.runtime.Metrics;

/**
 * Which metrics fit a model, read from its loss: a class target scored by the argmax of an output
 * with one value per class; a {@code bce} target scored by thresholding the output (0.5 when the
 * output is the probability bce takes, 0 when it is the logits of bce_logits or of sigmoid); any
 * other target of the output's size by regression metrics. Null when none fits.
 */
final class TargetKinds {
    private TargetKinds() {}

    static Metrics.Target of(CheckedModel m) {
        return m.output() == null ? null : of(m, m.output());
    }

    /**
     * The usual metrics of one output (the first output's metrics as {@link #of(CheckedModel)}), or
     * null. Of several targets that fit, the one the loss compares the output with directly (an
     * operation of both, like {@code mse(r, z)} or {@code p - y}) is taken, else the first declared.
     */
    static Metrics.Target of(CheckedModel m, Node output) {
        int size = output.shape().size();
        Node.Input classes = fitting(m, output, t -> t.isClass() && t.classes() == size);
        if (classes != null) {
            return new Metrics.Target(Metrics.Kind.CLASS, classes.name(), 0);
        }
        for (Node n : Traversal.topologicalOrder(m.loss())) {
            if (n instanceof Node.Apply a && (a.op() == Binary.BCE || a.op() == Binary.BCE_LOGITS)
                    && a.arg(1) instanceof Node.Input t && t.target() && t.shape().size() == size) {
                Node p = a.arg(0);
                if (p == output) {
                    return new Metrics.Target(Metrics.Kind.BINARY, t.name(), a.op() == Binary.BCE ? 0.5 : 0);
                }
                if (a.op() == Binary.BCE && p instanceof Node.Apply s && s.op() == Unary.SIGMOID && s.arg(0) == output) {
                    return new Metrics.Target(Metrics.Kind.BINARY, t.name(), 0);
                }
            }
        }
        Node.Input values = fitting(m, output, t -> !t.isClass() && t.shape().size() == size);
        return values == null ? null : new Metrics.Target(Metrics.Kind.REGRESSION, values.name(), 0);
    }

    /** The target that fits and that the loss compares {@code output} with directly, else the first that fits, or null. */
    private static Node.Input fitting(CheckedModel m, Node output, java.util.function.Predicate<Node.Input> fits) {
        java.util.List<Node.Input> candidates = m.targets().stream().filter(fits).toList();
        if (candidates.size() > 1) {
            for (Node n : Traversal.topologicalOrder(m.loss())) {
                if (n instanceof Node.Apply a && a.args().contains(output)) {
                    for (Node.Input t : candidates) {
                        if (a.args().contains(t)) {
                            return t;
                        }
                    }
                }
            }
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }
}
