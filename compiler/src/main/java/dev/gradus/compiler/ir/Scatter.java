package dev.gradus.compiler.ir;

import java.util.List;

/**
 * The adjoint of {@link Index}, {@code scatter(x, shape, i, j = -1)}: a zero value of shape
 * {@code to} holding its argument at {@code [i]} or {@code [i, j]} (a row {@code [i]} of a matrix
 * holds a vector). Users write {@code j = -1} by leaving it out.
 */
public record Scatter(Shape to, int i, int j) implements Op {

    @Override
    public String label() {
        return "scatter";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        if (to.rank() < 1 || to.rank() > 2 || j >= 0 && !to.isMatrix()) {
            throw new ShapeException("scatter writes at [i] of a vector or a matrix, or at [i, j] of a matrix, not into " + to
                    + " at " + where());
        }
        int rows = to.isVector() ? to.length() : to.rows();
        if (i < 0 || i >= rows || j >= 0 && j >= to.cols()) {
            throw new ShapeException("the position " + where() + " is outside the shape " + to);
        }
        Shape expected = to.isMatrix() && j < 0 ? Shape.vector(to.cols()) : Shape.SCALAR;
        if (!args.get(0).equals(expected)) {
            throw new ShapeException("scatter into " + to + " at " + where() + " needs a value of shape " + expected + ", found "
                    + args.get(0));
        }
        return to;
    }

    private String where() {
        return "[" + i + (j >= 0 ? ", " + j : "") + "]";
    }

    @Override
    public Signature signature() {
        return Signature.of(label(), "x", "shape").withConstant("i", null).withConstant("j", -1.0);
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return List.of(graph.apply(new Index(i, j), g));
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        double[] x = args.get(0);
        double[] r = new double[out.size()];
        if (shapes.get(0).isScalar()) {
            r[to.isVector() ? i : i * to.cols() + j] = x[0];
        } else {
            System.arraycopy(x, 0, r, i * to.cols(), to.cols());
        }
        return r;
    }

    @Override
    public Lowering lowering() {
        return Lowering.GATHER;
    }

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        return List.of(args.get(0), MathForm.atom(to.toString()), MathForm.atom(i + (j >= 0 ? ", " + j : "")));
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.scatter(this);
    }
}
