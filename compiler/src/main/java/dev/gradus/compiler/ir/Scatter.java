package dev.gradus.compiler.ir;

import java.util.List;

/** The adjoint of {@link Index}: a zero value of shape {@code to} holding its argument at {@code [i]} or {@code [i, j]}. */
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
        return to;
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
