package dev.gradus.compiler.ir;

import java.util.List;

/**
 * An operation of the IR. Each op knows, in one place, its shape rule and its derivative rule
 * (a vector-Jacobian product expressed again in IR ops, so gradients can be differentiated again).
 * Adding an op means adding one implementation, plus its case in the evaluator and the emitter,
 * which the compiler finds through the sealed hierarchy.
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
}
