package dev.gradus.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * The adjoint of {@link Embedding}: a table {@code [V, D]} of zeros with the gradient {@code g}
 * ({@code [D]}, or {@code [T, D]}) added into row {@code i[t]} for each index: repeated indices add
 * their gradients, rows not used stay zero ({@code index_add}); users write it {@code embedding_grad(g, i)}. Its own derivative in {@code g} is the
 * embedding again.
 */
public record EmbeddingGrad(int rows) implements Op {

    @Override
    public String label() {
        return "embedding_grad";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape g = args.get(0);
        Shape i = args.get(1);
        boolean ok = i.isScalar() ? g.isVector() : i.isVector() && g.isMatrix() && g.rows() == i.length();
        if (!ok) {
            throw new ShapeException("embedding_grad needs a gradient of one row per index, found " + g + " for indices " + i);
        }
        return Shape.matrix(rows, g.isVector() ? g.length() : g.cols());
    }

    /** {@code embedding_grad(g, i)}, {@code i} a class input whose classes are the table's rows. */
    @Override
    public Signature signature() {
        return Signature.of(label(), "g", "i");
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return Arrays.asList(graph.apply(Embedding.INSTANCE, g, self.arg(1)), null);
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        double[] g = args.get(0);
        double[] i = args.get(1);
        int d = out.cols();
        double[] r = new double[out.size()];
        for (int t = 0; t < i.length; t++) {
            for (int k = 0; k < d; k++) {
                r[(int) i[t] * d + k] += g[t * d + k];
            }
        }
        return r;
    }

    /** Zeros, then each index's row added in: loops of its own into a buffer. */
    @Override
    public Lowering lowering() {
        return Lowering.KERNEL;
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.embeddingGrad(this);
    }
}
