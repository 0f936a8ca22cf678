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
        if (x.rank() > 2) {
            throw new ShapeException("a sum along one axis of a tensor of rank " + x.rank() + " (" + x
                    + "): reshape it to a matrix first");
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
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        Shape s = shapes.get(0);
        double[] x = args.get(0);
        double[] r = new double[out.size()];
        for (int i = 0; i < s.rows(); i++) {
            for (int j = 0; j < s.cols(); j++) {
                int to = axis == -1 || s.isVector() ? 0 : axis == 0 ? j : i;
                r[to] += x[i * s.cols() + j];
            }
        }
        return r;
    }

    @Override
    public Lowering lowering() {
        return Lowering.KERNEL;
    }

    /** A sum reads each element once, in order: inline arguments cost nothing extra. */
    @Override
    public boolean readsArgumentsFromBuffers() {
        return false;
    }

    @Override
    public MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return axis < 0 ? MathForm.plainCall("sum", args)
                : MathForm.plainCall("sum", List.of(args.get(0), MathForm.atom("axis = " + axis)));
    }

    /** {@code sum(x, axis = -1)}: every element by default. */
    @Override
    public Signature signature() {
        return Signature.of("sum", "x").withConstant("axis", -1.0);
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.reduce(this);
    }
}
