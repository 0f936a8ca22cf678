package dev.gradus.compiler.ir;

import java.util.List;

/**
 * A whole-vector function ({@link VectorOp}: softmax, log_softmax, logsumexp) applied along one
 * axis of a matrix, as PyTorch's {@code dim}: {@code axis = 1} to each row, {@code axis = 0} to each
 * column. softmax and log_softmax keep the matrix's shape; logsumexp gives one number per row
 * (a vector of the rows) or per column. Values and derivatives are the vector function's, row by row.
 */
public record AlongAxis(VectorOp fn, int axis) implements Op {

    public AlongAxis {
        if (axis != 0 && axis != 1) {
            throw new IllegalArgumentException("axis " + axis);
        }
    }

    @Override
    public String label() {
        return fn.label();
    }

    @Override
    public int arity() {
        return 1;
    }

    /** The number of vectors the function is applied to and their length. */
    private int count(Shape x) {
        return axis == 1 ? x.rows() : x.cols();
    }

    private int length(Shape x) {
        return axis == 1 ? x.cols() : x.rows();
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape x = args.get(0);
        if (!x.isMatrix()) {
            throw new ShapeException(fn.label() + " along axis " + axis + " needs a matrix, found " + x
                    + (x.isVector() ? " (leave the axis out for a vector)" : ""));
        }
        return fn == VectorOp.LOGSUMEXP ? Shape.vector(count(x)) : x;
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        Node x = self.arg(0);
        Shape s = x.shape();
        return switch (fn) {
            // y (g - sum(g y) along the axis, repeated along it)
            case SOFTMAX -> List.of(graph.mul(self, graph.sub(g, graph.expand(graph.apply(new Reduce(axis), graph.mul(g, self)), s, axis))));
            // g - softmax(x) sum(g) along the axis
            case LOG_SOFTMAX -> List.of(graph.sub(g, graph.mul(graph.apply(new AlongAxis(VectorOp.SOFTMAX, axis), x),
                    graph.expand(graph.apply(new Reduce(axis), g), s, axis))));
            // g repeated along the axis, times softmax(x)
            case LOGSUMEXP -> List.of(graph.mul(graph.expand(g, s, axis), graph.apply(new AlongAxis(VectorOp.SOFTMAX, axis), x)));
        };
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        Shape s = shapes.get(0);
        double[] x = args.get(0);
        double[] r = new double[out.size()];
        int n = length(s);
        for (int v = 0; v < count(s); v++) {
            double[] z = new double[n];
            for (int k = 0; k < n; k++) {
                z[k] = x[axis == 1 ? v * s.cols() + k : k * s.cols() + v];
            }
            double[] y = fn.value(List.of(z), List.of(Shape.vector(n)), fn == VectorOp.LOGSUMEXP ? Shape.SCALAR : Shape.vector(n));
            if (fn == VectorOp.LOGSUMEXP) {
                r[v] = y[0];
            } else {
                for (int k = 0; k < n; k++) {
                    r[axis == 1 ? v * s.cols() + k : k * s.cols() + v] = y[k];
                }
            }
        }
        return r;
    }

    @Override
    public Lowering lowering() {
        return Lowering.KERNEL;
    }

    @Override
    public MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return MathForm.plainCall(fn.label(), List.of(args.get(0), MathForm.atom(String.valueOf(axis))));
    }

    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        return MathForm.named(fn.label(), List.of(args.get(0), MathForm.atom("\\text{axis} = " + this.axis)));
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.alongAxis(this);
    }
}
