package dev.gradus.compiler.check;

import dev.gradus.compiler.ir.ConvInputGrad;
import dev.gradus.compiler.ir.ConvKernelGrad;
import dev.gradus.compiler.ir.EmbeddingGrad;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.OneHot;
import dev.gradus.compiler.ir.Pool;
import dev.gradus.compiler.ir.PoolGrad;
import dev.gradus.compiler.ir.Scatter;
import dev.gradus.compiler.ir.ShapeException;
import java.util.List;

/**
 * The calls of the functions {@code gradus grad} prints for derivatives, so that its output parses
 * back: {@code conv_transpose2d}, {@code correlate2d}, {@code max_pool2d_grad}, {@code avg_pool2d_grad},
 * {@code max_pool2d_at}, {@code embedding_grad}, {@code one_hot}, {@code scatter} and {@code expand}. Each op's
 * signature and shape rule are its own; what a call adds is the op's shape constant, worked out from
 * the arguments' shapes by the op ({@code ConvInputGrad.of}), and the integer checks of its constants.
 */
final class Adjoints {
    private Adjoints() {}

    /** {@code conv_transpose2d(g, K, stride = 1, padding = 0, output_padding = 0)}. */
    static Node convTranspose(Builtins.Call c, int dims) {
        Integer[] g = geometry(c, dims);
        return g == null ? null : make(c, () -> ConvInputGrad.of(dims, g[0], g[1], new int[] {g[2], g[3]}, c.node("g").shape(), c.node("K").shape()),
                List.of(c.node("g"), c.node("K")));
    }

    /** {@code correlate2d(x, g, stride = 1, padding = 0, output_padding = 0)}. */
    static Node correlate(Builtins.Call c, int dims) {
        Integer[] g = geometry(c, dims);
        return g == null ? null : make(c, () -> ConvKernelGrad.of(dims, g[0], g[1], new int[] {g[2], g[3]}, c.node("x").shape(), c.node("g").shape()),
                List.of(c.node("x"), c.node("g")));
    }

    /** {@code max_pool2d_grad(x, g, k, stride = k)} and {@code avg_pool2d_grad(g, k, stride = k, output_padding = 0)}. */
    static Node poolGrad(Builtins.Call c, Pool.Kind kind, int dims) {
        Integer k = Layers.integer(c, "k", 1);
        Integer stride = Layers.integer(c, "stride", 1);
        int[] outputPadding = kind == Pool.Kind.AVG ? outputPadding(c, dims) : new int[] {0, 0};
        if (k == null || stride == null || outputPadding == null) {
            return null;
        }
        List<Node> args = kind == Pool.Kind.MAX ? List.of(c.node("x"), c.node("g")) : List.of(c.node("g"));
        return make(c, () -> PoolGrad.of(kind, dims, k, stride, outputPadding, args.stream().map(Node::shape).toList()), args);
    }

    /** {@code max_pool2d_at(x, g, k, stride = k)}: {@code g} read at the maxima of {@code x}'s windows. */
    static Node poolAt(Builtins.Call c, int dims) {
        Integer k = Layers.integer(c, "k", 1);
        Integer stride = Layers.integer(c, "stride", 1);
        return k == null || stride == null ? null : c.apply(new Pool(Pool.Kind.AT_MAX, dims, k, stride), List.of(c.node("x"), c.node("g")));
    }

    /** {@code embedding_grad(g, i)}: a table of as many rows as {@code i} has classes. */
    static Node embeddingGrad(Builtins.Call c) {
        Node.Input i = classInput(c, "embedding_grad");
        return i == null ? null : c.apply(new EmbeddingGrad(i.classes()), List.of(c.node("g"), i));
    }

    /** {@code one_hot(i)}. */
    static Node oneHot(Builtins.Call c) {
        Node.Input i = classInput(c, "one_hot");
        return i == null ? null : c.apply(new OneHot(i.classes()), List.of(i));
    }

    /** {@code scatter(x, [m, n], i, j = -1)}. */
    static Node scatter(Builtins.Call c) {
        Integer i = Layers.integer(c, "i", 0);
        double j = c.constant("j");
        if (i == null) {
            return null;
        }
        if (j != -1 && (j != Math.rint(j) || j < 0 || j > 1 << 20)) {
            return c.error("j must be a non-negative integer (or left out), found " + ModelScope.number(j));
        }
        return c.apply(new Scatter(c.shape("shape"), i, (int) j), List.of(c.node("x")));
    }

    /** {@code expand(x, [m, n], axis = -1)}: a scalar to any shape, a vector repeated as rows (0) or columns (1). */
    static Node expand(Builtins.Call c) {
        double axis = c.constant("axis");
        int rank = c.shape("shape").rank();
        if (axis != Math.rint(axis) || axis < -1 || axis >= rank) {
            return c.error("axis must be -1 (a scalar) or an axis of " + c.shape("shape") + ", found " + ModelScope.number(axis));
        }
        return c.apply(new Expand(c.shape("shape"), (int) axis), List.of(c.node("x")));
    }

    /** stride (at least 1), padding, and output_padding for the height and the width (at least 0), or null after an error. */
    private static Integer[] geometry(Builtins.Call c, int dims) {
        Integer stride = Layers.integer(c, "stride", 1);
        Integer padding = Layers.integer(c, "padding", 0);
        int[] outputPadding = outputPadding(c, dims);
        return stride == null || padding == null || outputPadding == null ? null
                : new Integer[] {stride, padding, outputPadding[0], outputPadding[1]};
    }

    /** {@code output_padding}: one number for both axes, or (2-d) a list {@code [h, w]}; null after an error. */
    private static int[] outputPadding(Builtins.Call c, int dims) {
        double[] pair = c.pair("output_padding");
        if (pair == null) {
            Integer both = Layers.integer(c, "output_padding", 0);
            return both == null ? null : new int[] {both, both};
        }
        if (dims == 1) {
            c.error("output_padding is one number in 1-d, found a list");
            return null;
        }
        for (double v : pair) {
            if (v != Math.rint(v) || v < 0 || v > 1 << 20) {
                c.error("output_padding must be integers of at least 0, found " + ModelScope.number(v));
                return null;
            }
        }
        return new int[] {(int) pair[0], (int) pair[1]};
    }

    private static Node.Input classInput(Builtins.Call c, String fn) {
        if (c.node("i") instanceof Node.Input in && in.isClass()) {
            return in;
        }
        c.error("the index must be a class input or target (i : class(V)), found a value of shape " + c.node("i").shape());
        return null;
    }

    /** The op the arguments' shapes make, applied; a shape error at the call. */
    private static Node make(Builtins.Call c, java.util.function.Supplier<Op> op, List<Node> args) {
        Op made;
        try {
            made = op.get();
        } catch (ShapeException e) {
            return c.error(e.getMessage());
        }
        return c.apply(made, args);
    }
}
