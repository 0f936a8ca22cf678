package dev.gradus.compiler.ir;

import java.util.List;

/**
 * An operation of the IR. Each op knows, in one place, its shape rule and its derivative rule
 * (a vector-Jacobian product expressed again in IR ops, so gradients can be differentiated again).
 * Passes dispatch on ops through {@link #accept}, so a new kind of op breaks each of them at
 * compile time; a new elementwise function is one constant of {@link Unary} or {@link Binary}
 * (its name, runtime function, value and derivative) and needs no pass changed.
 */
public sealed interface Op permits Elementwise, LinAlg, Reduce, Expand, VectorOp, Index, Scatter, Pick, OneHot {

    /** The op's name as a user reads it in printed math. */
    String label();

    int arity();

    /** The result shape, or a {@link ShapeException} saying what was expected and found. */
    Shape shape(List<Shape> args);

    /**
     * Given {@code g}, the gradient of the loss with respect to {@code self}, returns each
     * argument's share of it (same shape as the argument), or null where none flows.
     */
    List<Node> vjp(Node.Apply self, Node g, Graph graph);

    /**
     * This op's LaTeX form, from its arguments' forms (then any compile-time constants as numbers);
     * {@code tensors} says whether both operands of a product are tensors (elementwise {@code \odot}),
     * {@code axis} is a reduction's axis. By default {@code \operatorname{label}(args)}.
     */
    default MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        return MathForm.named(label(), args);
    }

    /** Calls the visitor's method for this kind of op. */
    <R> R accept(OpVisitor<R> visitor);
}
