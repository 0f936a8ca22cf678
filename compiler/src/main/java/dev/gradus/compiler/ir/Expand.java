package dev.gradus.compiler.ir;

import java.util.List;

/**
 * Broadcasts a value to a larger shape: a scalar to anything ({@code axis == -1}), a vector
 * {@code [n]} to {@code [m, n]} by repeating rows ({@code axis == 0}), or {@code [m]} to
 * {@code [m, n]} by repeating columns ({@code axis == 1}); at rank 3 or 4, the shape less one axis
 * repeated along that axis. The adjoint of {@link Reduce}. Users write
 * it {@code expand(x, [m, n], axis = -1)}; {@code grad} prints it so where the language would not
 * broadcast the same way by itself (a column, or an argument of a product).
 */
public record Expand(Shape to, int axis) implements Op {

    @Override
    public String label() {
        return "expand";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape x = args.get(0);
        boolean ok = axis == -1 ? x.isScalar() : axis >= 0 && axis < to.rank() && to.rank() >= 2 && x.equals(Reduce.without(to, axis));
        if (!ok) {
            throw new ShapeException("cannot expand " + x + " to " + to + " along axis " + axis);
        }
        return to;
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return List.of(graph.apply(new Reduce(axis), g));
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        double[] x = args.get(0);
        double[] r = new double[out.size()];
        if (axis == -1) {
            java.util.Arrays.fill(r, x[0]);
            return r;
        }
        int[] split = Reduce.split(out, axis);
        for (int p = 0; p < split[0]; p++) {
            for (int t = 0; t < split[1]; t++) {
                for (int q = 0; q < split[2]; q++) {
                    r[(p * split[1] + t) * split[2] + q] = x[p * split[2] + q];
                }
            }
        }
        return r;
    }

    @Override
    public Signature signature() {
        return Signature.of(label(), "x", "shape").withConstant("axis", -1.0);
    }

    /** {@code expand(v, [3, 4], 1)}: the shape, then the axis unless a scalar's. */
    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        List<MathForm> all = new java.util.ArrayList<>(args);
        all.add(MathForm.atom(to.toString()));
        if (axis >= 0) {
            all.add(MathForm.atom(String.valueOf(axis)));
        }
        return all;
    }

    /** Broadcasting: printed math shows the argument alone where the language broadcasts it, as NumPy writes it. */
    @Override
    public Lowering lowering() {
        return Lowering.REINDEX;
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.expand(this);
    }
}
