package dev.gradus.compiler.ir;

import java.util.List;

/** {@code sum(x)} over every element ({@code axis == -1}) or {@code sum(A, axis)} along one axis. */
public record Reduce(int axis) implements Op {

    public static final Reduce ALL = new Reduce(-1);

    @Override
    public String label() {
        return "sum";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape x = args.get(0);
        if (axis == -1) {
            return Shape.SCALAR;
        }
        if (axis >= x.rank()) {
            throw new ShapeException("axis " + axis + " is out of range for shape " + x);
        }
        if (x.isVector()) {
            return Shape.SCALAR;
        }
        return Shape.vector(axis == 0 ? x.cols() : x.rows());
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        Shape x = self.arg(0).shape();
        int expandAxis = axis == -1 || x.isVector() ? -1 : axis;
        return List.of(graph.expand(g, x, expandAxis));
    }

    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        return this.axis < 0 ? new MathForm("\\sum " + args.get(0).wrap(MathForm.POW), MathForm.MUL)
                : MathForm.call("\\operatorname{sum}", List.of(args.get(0), MathForm.atom("\\text{axis} = " + this.axis)));
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.reduce(this);
    }
}
