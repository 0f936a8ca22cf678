package dev.gradus.compiler.ir;

import java.util.List;

/** {@code x[i]} of a vector ({@code j == -1}) or {@code A[i, j]} of a matrix, at constant indices. */
public record Index(int i, int j) implements Op {

    @Override
    public String label() {
        return "index";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape x = args.get(0);
        if (x.isScalar()) {
            throw new ShapeException("a scalar cannot be indexed");
        }
        if (x.rank() > 2) {
            throw new ShapeException("indexing takes a vector or a matrix, found " + x + " (flatten or reshape it first)");
        }
        if (x.isVector() && j >= 0) {
            throw new ShapeException("a vector takes one index, found two");
        }
        int rows = x.isVector() ? x.length() : x.rows();
        if (i >= rows || (j >= 0 && j >= x.cols())) {
            String at = j >= 0 ? "[" + i + ", " + j + "]" : String.valueOf(i);
            throw new ShapeException("index " + at + " is out of range for shape " + x);
        }
        return x.isMatrix() && j < 0 ? Shape.vector(x.cols()) : Shape.SCALAR;
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return List.of(graph.apply(new Scatter(self.arg(0).shape(), i, j), g));
    }

    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        return MathForm.atom(args.get(0).wrap(MathForm.ATOM) + "_{" + args.get(1).text() + "}");
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        Shape s = shapes.get(0);
        double[] x = args.get(0);
        if (out.isScalar()) {
            return new double[] {s.isVector() ? x[i] : x[i * s.cols() + j]};
        }
        double[] r = new double[out.size()];
        System.arraycopy(x, i * s.cols(), r, 0, s.cols());
        return r;
    }

    @Override
    public Lowering lowering() {
        return Lowering.REINDEX;
    }

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        return List.of(args.get(0), MathForm.atom(i + (j >= 0 ? ", " + j : "")));
    }

    @Override
    public MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return MathForm.atom(args.get(0).plainWrap(MathForm.ATOM) + "[" + args.get(1).text() + "]");
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.index(this);
    }
}
