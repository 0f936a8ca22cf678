package dev.gradus.compiler.ir;

import java.util.List;

/**
 * Broadcasts a value to a larger shape: a scalar to anything ({@code axis == -1}), a vector
 * {@code [n]} to {@code [m, n]} by repeating rows ({@code axis == 0}), or {@code [m]} to
 * {@code [m, n]} by repeating columns ({@code axis == 1}). The adjoint of {@link Reduce}. Users write
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
        boolean ok = switch (axis) {
            case -1 -> x.isScalar();
            case 0 -> x.isVector() && to.isMatrix() && to.cols() == x.length();
            case 1 -> x.isVector() && to.isMatrix() && to.rows() == x.length();
            default -> false;
        };
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
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < out.cols(); j++) {
                r[i * out.cols() + j] = x[axis == -1 ? 0 : axis == 0 ? j : i];
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
