package dev.gradus.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * {@code embedding(E, i)}: the rows of a table {@code E [V, D]} at class indices {@code i}, a scalar
 * (one row, {@code [D]}) or a vector {@code [T]} (one row per index, {@code [T, D]}), as
 * {@code F.embedding}. Its derivative in {@code E} is {@link EmbeddingGrad}: the output's gradient
 * added into the rows used, repeated indices adding up; none flows to the indices.
 */
public enum Embedding implements Op {
    INSTANCE;

    @Override
    public String label() {
        return "embedding";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape e = args.get(0);
        Shape i = args.get(1);
        if (!e.isMatrix()) {
            throw new ShapeException("embedding needs a table E [V, D], found " + e);
        }
        if (i.isMatrix()) {
            throw new ShapeException("embedding takes one index or a vector of indices, found " + i);
        }
        return i.isScalar() ? Shape.vector(e.cols()) : Shape.matrix(i.length(), e.cols());
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return Arrays.asList(graph.apply(new EmbeddingGrad(self.arg(0).shape().rows()), g, self.arg(1)), null);
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        double[] e = args.get(0);
        double[] i = args.get(1);
        int d = shapes.get(0).cols();
        double[] r = new double[out.size()];
        for (int t = 0; t < i.length; t++) {
            System.arraycopy(e, (int) i[t] * d, r, t * d, d);
        }
        return r;
    }

    /** Element (t, k) is {@code E[i[t], k]}: printed inline, reading the table at the index. */
    @Override
    public Lowering lowering() {
        return Lowering.GATHER;
    }

    @Override
    public boolean readsArgumentsFromBuffers() {
        return true;
    }

    /** {@code embedding(E, i)}: {@code i} a class input. */
    @Override
    public Signature signature() {
        return Signature.of("embedding", "E", "i");
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.embedding(this);
    }
}
