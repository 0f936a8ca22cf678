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

    /** The usual metrics of one output (the first output's metrics as {@link #of(CheckedModel)}), or null. */
    static Metrics.Target of(CheckedModel m, Node output) {
        int size = output.shape().size();
        for (Node.Input t : m.targets()) {
            if (t.isClass() && t.classes() == size) {
                return new Metrics.Target(Metrics.Kind.CLASS, t.name(), 0);
            }
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
        for (Node.Input t : m.targets()) {
            if (!t.isClass() && t.shape().size() == size) {
                return new Metrics.Target(Metrics.Kind.REGRESSION, t.name(), 0);
            }
        }
        return null;
    }
}
