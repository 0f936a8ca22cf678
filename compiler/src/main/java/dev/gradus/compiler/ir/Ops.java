package dev.gradus.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every op of the IR, one instance of each (with sample constants where an op carries some): what
 * the checker offers users by name (the ops with a {@link Op#signature}) and what the op coverage
 * test enumerates. A kind of op added to {@link Op} is added here, and {@link OpVisitor} makes
 * every pass that dispatches on kinds handle it.
 */
public final class Ops {
    private Ops() {}

    private static final List<Op> ALL;

    static {
        List<Op> all = new ArrayList<>();
        Collections.addAll(all, Unary.values());
        Collections.addAll(all, Binary.values());
        all.add(new Parametric.LeakyRelu(Parametric.LeakyRelu.DEFAULT_SLOPE));
        all.add(new Parametric.LeakyStep(Parametric.LeakyRelu.DEFAULT_SLOPE));
        all.add(new Parametric.Elu(Parametric.Elu.DEFAULT_ALPHA));
        Collections.addAll(all, LinAlg.values());
        Collections.addAll(all, VectorOp.values());
        all.add(Reduce.ALL);
        all.add(new Reduce(0));
        all.add(new Reduce(1));
        all.add(new Reduce(2)); // along an axis of a rank-3 tensor
        all.add(new Expand(Shape.vector(3), -1));
        all.add(new Expand(Shape.matrix(2, 3), 0));
        all.add(new Expand(Shape.matrix(2, 3), 1));
        all.add(new Expand(Shape.of(2, 3, 4), 1));
        all.add(new Index(1, -1));
        all.add(new Index(1, 2));
        all.add(new Scatter(Shape.vector(3), 1, -1));
        all.add(new Scatter(Shape.matrix(2, 3), 1, 2));
        all.add(Pick.INSTANCE);
        all.add(new OneHot(3));
        all.add(new Reshape(Shape.vector(6)));
        all.add(new Reshape(Shape.matrix(3, 2)));
        for (VectorOp fn : VectorOp.values()) {
            all.add(new AlongAxis(fn, 0));
            all.add(new AlongAxis(fn, 1));
        }
        all.add(Embedding.INSTANCE);
        all.add(new EmbeddingGrad(3));
        all.add(new Dropout(0.5, 0));
        all.addAll(windows());
        ALL = List.copyOf(all);
    }

    /** The window ops, 1-d and 2-d, with a stride and padding that are not their defaults. */
    private static List<Op> windows() {
        List<Op> w = new ArrayList<>();
        for (int d = 1; d <= 2; d++) {
            Shape x = d == 1 ? Shape.of(2, 5) : Shape.of(2, 5, 4);
            Shape k = d == 1 ? Shape.of(3, 2, 3) : Shape.of(3, 2, 3, 2);
            w.add(new Conv(d, 2, 1, true));
            w.add(new ConvInputGrad(d, 2, 1, x));
            w.add(new ConvKernelGrad(d, 2, 1, k));
            for (Pool.Kind kind : Pool.Kind.values()) {
                w.add(new Pool(kind, d, 2, 1));
            }
            w.add(new PoolGrad(Pool.Kind.MAX, d, 2, 1, x));
            w.add(new PoolGrad(Pool.Kind.AVG, d, 2, 1, x));
        }
        return w;
    }

    /** Every op, in a fixed order. */
    public static List<Op> all() {
        return ALL;
    }

    /** The ops users call by name, each once (a parametric op by its sample). */
    public static List<Op> named() {
        List<Op> named = new ArrayList<>();
        for (Op op : ALL) {
            if (op.signature() != null && named.stream().noneMatch(o -> o.signature().name().equals(op.signature().name()))) {
                named.add(op);
            }
        }
        return named;
    }
}
