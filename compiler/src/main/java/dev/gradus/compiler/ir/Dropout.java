package dev.gradus.compiler.ir;

import java.util.List;

/**
 * {@code dropout(x, p)}: in a training step, each element of {@code x} is kept with probability
 * {@code 1 - p} and scaled by {@code 1 / (1 - p)}, or set to zero; in evaluation, prediction,
 * {@code explain} and a gradient check, {@code x} unchanged. The mask of an element is a function of
 * the trainer's seed, the step, the example's position in the batch, the element and the call
 * ({@code site}, numbered in the order the model's calls are written), drawn by
 * {@code dev.gradus.runtime.Fn.dropoutFactor}: no state, so it does not depend on the thread count,
 * and two calls on the same value have masks of their own (the site keeps them distinct nodes).
 * <p>
 * Its reference value is the evaluation one, {@code x}; the derivative is the same op on the
 * gradient, {@code dropout(g, p)} of the same call: {@code g} times the same mask and scale in
 * training, {@code g} in evaluation.
 */
public record Dropout(double p, int site) implements Op {

    @Override
    public String label() {
        return "dropout";
    }

    @Override
    public int arity() {
        return 1;
    }

    /** The shape of {@code x}; {@code p} must be a probability below 1 (at 1 nothing would be kept). */
    @Override
    public Shape shape(List<Shape> args) {
        if (!(p >= 0 && p < 1)) {
            throw new ShapeException("the drop probability p must be in [0, 1), found " + Shape.number(p));
        }
        return args.get(0);
    }

    /** {@code dropout(g, p)} of the same call: the gradient through the same mask, times the same scale. */
    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return List.of(graph.apply(this, g));
    }

    /** Evaluation's value: {@code x} unchanged (the masks exist only in a trainer's training steps). */
    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        return args.get(0).clone();
    }

    /** One element of {@code x} times its factor: printed inline where used. */
    @Override
    public Lowering lowering() {
        return Lowering.ELEMENT;
    }

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        return List.of(args.get(0), MathForm.atom(Shape.number(p)));
    }

    /** {@code dropout(x, p)}: {@code p} a compile-time constant. */
    @Override
    public Signature signature() {
        return Signature.of("dropout", "x").withConstant("p", null);
    }

    /** The call's op with another {@code p}; the checker numbers each call's site ({@code Expressions}). */
    @Override
    public Op withConstants(List<Double> constants) {
        return new Dropout(constants.get(0), site);
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.dropout(this);
    }
}
