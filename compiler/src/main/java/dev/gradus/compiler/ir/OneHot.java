package dev.gradus.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * {@code one_hot(i)}: a vector of {@code n} zeros with a one at an example's class index {@code i}
 * (a scalar {@code class(n)} input or target). Not differentiable in the index.
 */
public record OneHot(int n) implements Op {

    @Override
    public String label() {
        return "one_hot";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        if (!args.get(0).isScalar()) {
            throw new ShapeException("one_hot needs one class index, found a value of shape " + args.get(0));
        }
        return Shape.vector(n);
    }

    @Override
    public Signature signature() {
        return Signature.of(label(), "i");
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return Arrays.asList((Node) null);
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        double[] r = new double[n];
        r[(int) args.get(0)[0]] = 1;
        return r;
    }

    @Override
    public Lowering lowering() {
        return Lowering.GATHER;
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.oneHot(this);
    }
}
