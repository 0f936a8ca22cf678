package dev.gradus.compiler.check;

import static dev.gradus.compiler.check.ModelScope.number;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;

/**
 * The calls that are built from other ops rather than being one: the losses (cross-entropy from
 * logsumexp and a pick, the elementwise losses as a mean) and {@code layer_norm} (a mean and a
 * variance), their arguments checked here; the value, derivative and loops are the ops' own.
 */
final class Composites {
    private final Graph graph;
    private final Diagnostics diagnostics;

    Composites(Graph graph, Diagnostics diagnostics) {
        this.graph = graph;
        this.diagnostics = diagnostics;
    }

    /**
     * {@code F.layer_norm(x, (n,), g, b, eps)}: each vector of the last axis ({@code x [n]}, or each row
     * of {@code x [T, n]}) less its mean, over the square root of its biased variance plus eps, then
     * scaled by {@code g} and shifted by {@code b}. Built from the ops of a mean and a variance, so its
     * value, derivative and loops are theirs.
     */
    Node layerNorm(Builtins.Call call) {
        Node x = call.node("x");
        Node g = call.node("g");
        Node b = call.node("b");
        double eps = call.constant("eps");
        Shape s = x.shape();
        if (!s.isVector() && !s.isMatrix()) {
            diagnostics.error(call.at(), call + ": layer_norm normalizes the last axis of a vector [n] or a matrix [T, n], found "
                    + s);
            return null;
        }
        int n = s.isVector() ? s.length() : s.cols();
        if (!g.shape().equals(Shape.vector(n)) || !b.shape().equals(Shape.vector(n))) {
            diagnostics.error(call.at(), call + ": g and b must have shape [" + n + "] (the last axis of x " + s + "), found g "
                    + g.shape() + " and b " + b.shape());
            return null;
        }
        if (!(eps > 0)) {
            diagnostics.error(call.at(), call + ": eps must be positive, found " + number(eps));
            return null;
        }
        Node count = graph.constant(n);
        Node normalized;
        if (s.isVector()) {
            Node centered = graph.sub(x, graph.div(graph.sum(x), count));
            Node variance = graph.div(graph.sum(graph.apply(Unary.SQUARE, centered)), count);
            normalized = graph.div(centered, graph.apply(Unary.SQRT, graph.add(variance, graph.constant(eps))));
        } else {
            Reduce rows = new Reduce(1);
            Node centered = graph.sub(x, graph.expand(graph.div(graph.apply(rows, x), count), s, 1));
            Node variance = graph.div(graph.apply(rows, graph.apply(Unary.SQUARE, centered)), count);
            Node deviation = graph.apply(Unary.SQRT, graph.add(variance, graph.constant(eps)));
            normalized = graph.div(centered, graph.expand(deviation, s, 1));
        }
        return graph.add(graph.mul(normalized, g), b);
    }

    /** A loss: the mean of an elementwise loss over the example's elements, or cross-entropy. */
    Node loss(Builtins.Call call, Loss loss) {
        Node z = call.node(loss.prediction());
        Node y = call.node(loss.target());
        return switch (loss) {
            case CROSS_ENTROPY -> crossEntropy(call.at(), call.toString(), z, y);
            case MSE, L1, HUBER, BCE, BCE_LOGITS -> lossFunction(call.at(), call.toString(), loss, z, y, call);
        };
    }

    private Node crossEntropy(Position at, String text, Node z, Node target) {
        if (!z.shape().isVector()) {
            diagnostics.error(at, text + ": the logits must be a vector, found shape " + z.shape());
            return null;
        }
        if (target instanceof Node.Input in && in.isClass()) {
            if (in.classes() != z.shape().length()) {
                diagnostics.error(at, text + ": " + z.shape().length() + " logits but '" + in.name() + "' has "
                        + in.classes() + " classes");
                return null;
            }
            return graph.sub(graph.apply(VectorOp.LOGSUMEXP, z), graph.apply(Pick.INSTANCE, z, target));
        }
        if (!target.shape().equals(z.shape())) {
            diagnostics.error(at, text + ": logits of shape " + z.shape() + " and a target of shape "
                    + target.shape() + " differ; the target is a class index or a vector of the same length");
            return null;
        }
        return graph.neg(graph.sum(graph.mul(target, graph.apply(VectorOp.LOG_SOFTMAX, z))));
    }

    private Node lossFunction(Position at, String text, Loss loss, Node p, Node y, Builtins.Call call) {
        if (!p.shape().equals(y.shape())) {
            diagnostics.error(at, text + ": the prediction has shape " + p.shape() + " but the target has shape "
                    + y.shape());
            return null;
        }
        Node n = graph.constant(p.shape().size());
        Node elementwise = switch (loss) {
            case MSE -> graph.apply(Unary.SQUARE, graph.sub(p, y));
            case L1 -> graph.apply(Unary.ABS, graph.sub(p, y));
            case HUBER -> {
                double delta = call.constant("delta");
                if (delta <= 0) {
                    diagnostics.error(at, text + ": delta must be positive, found " + number(delta));
                    yield null;
                }
                Node a = graph.apply(Unary.ABS, graph.sub(p, y));
                Node m = graph.apply(Binary.MIN, a, graph.constant(delta));
                yield graph.add(graph.mul(graph.constant(0.5), graph.apply(Unary.SQUARE, m)),
                        graph.mul(graph.constant(delta), graph.sub(a, m)));
            }
            case BCE -> graph.apply(Binary.BCE, p, y);
            case BCE_LOGITS -> graph.apply(Binary.BCE_LOGITS, p, y);
            case CROSS_ENTROPY -> throw new IllegalArgumentException("cross_entropy is not elementwise");
        };
        return elementwise == null ? null : graph.div(graph.sum(elementwise), n);
    }
}
