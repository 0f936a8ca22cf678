package dev.gradus.compiler.check;

import dev.gradus.compiler.ir.Conv;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls of the window layers: {@code conv1d}/{@code conv2d} (the bias may be left out) and the
 * poolings, their integer constants checked here; the shapes are the ops' own rules.
 */
final class Layers {
    private Layers() {}

    /** {@code conv2d(x, K, b, stride = 1, padding = 0)}. */
    static Node conv(Builtins.Call c, int dims) {
        Integer stride = integer(c, "stride", 1);
        Integer padding = integer(c, "padding", 0);
        if (stride == null || padding == null) {
            return null;
        }
        List<Node> args = new ArrayList<>(List.of(c.node("x"), c.node("K")));
        if (c.has("b")) {
            args.add(c.node("b"));
        }
        return c.apply(new Conv(dims, stride, padding, c.has("b")), args);
    }

    /** {@code max_pool2d(x, k, stride = k)}, and the others. */
    static Node pool(Builtins.Call c, Pool.Kind kind, int dims) {
        Integer k = integer(c, "k", 1);
        Integer stride = integer(c, "stride", 1);
        if (k == null || stride == null) {
            return null;
        }
        return c.apply(new Pool(kind, dims, k, stride), List.of(c.node("x")));
    }

    /** A constant that must be an integer of at least {@code min}, or null after an error. */
    static Integer integer(Builtins.Call c, String param, int min) {
        double v = c.constant(param);
        if (v != Math.rint(v) || v < min || v > 1 << 20) {
            c.error(param + " must be an integer of at least " + min + ", found " + ModelScope.number(v));
            return null;
        }
        return (int) v;
    }
}
