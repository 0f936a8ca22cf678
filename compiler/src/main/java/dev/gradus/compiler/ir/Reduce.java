package dev.gradus.compiler.ir;

import java.util.List;

/** {@code sum(x)} over every element ({@code axis == -1}) or {@code sum(A, axis)} along one axis of any rank. */
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
        return without(x, axis);
    }

    /** The shape less one axis. */
    public static Shape without(Shape x, int axis) {
        List<Integer> dims = new java.util.ArrayList<>(x.dims());
        dims.remove(axis);
        return Shape.of(dims);
    }

    /**
     * A tensor of shape {@code s} seen as {@code [pre, d, post]} around {@code axis}: the product of the
     * dimensions before it, its own, and the product of those after it. Element {@code (p, t, q)} is at
     * {@code (p * d + t) * post + q}, and the sum along the axis puts it at {@code p * post + q}.
     */
    public static int[] split(Shape s, int axis) {
        int pre = 1;
        int post = 1;
        for (int k = 0; k < axis; k++) {
            pre *= s.dim(k);
        }
        for (int k = axis + 1; k < s.rank(); k++) {
            post *= s.dim(k);
        }
        return new int[] {pre, s.dim(axis), post};
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
        if (axis == -1 || s.isVector()) {
            for (double v : x) {
                r[0] += v;
            }
            return r;
        }
        int[] split = split(s, axis);
        for (int p = 0; p < split[0]; p++) {
            for (int t = 0; t < split[1]; t++) {
                for (int q = 0; q < split[2]; q++) {
                    r[p * split[2] + q] += x[(p * split[1] + t) * split[2] + q];
                }
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
