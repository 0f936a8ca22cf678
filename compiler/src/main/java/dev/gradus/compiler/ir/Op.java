package dev.gradus.compiler.ir;

import java.util.List;

/**
 * An operation of the IR. Each op is one definition: its shape rule (with the error it gives), its
 * reference value ({@link #value}, what the evaluator computes), its derivative (a vector-Jacobian
 * product expressed again in IR ops, so gradients print and can be differentiated again), its
 * lowering form ({@link #lowering}), and its math forms (plain and LaTeX). Ops users call by name
 * also carry their {@link Signature}. Passes that need more than these dispatch through
 * {@link #accept}, so a new kind of op breaks each of them at compile time; a new elementwise
 * function is one constant of {@link Unary} or {@link Binary} and needs no pass changed.
 */
public sealed interface Op permits Elementwise, LinAlg, Reduce, Expand, VectorOp, Index, Scatter, Pick, OneHot, Reshape, AlongAxis, Embedding, EmbeddingGrad,
        Dropout, Window {

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

    /**
     * The reference value for one example: the result's elements, row-major, computed from each
     * argument's elements (row-major, of the shape given beside it). Plain, unoptimized double
     * arithmetic: the oracle generated code is held against.
     */
    double[] value(List<double[]> args, List<Shape> shapes, Shape out);

    /** How lowering treats this op: inline per element, a re-indexing, a gather, or loops of its own. */
    Lowering lowering();

    /**
     * Whether lowering must give computed arguments a buffer of their own: the op reads them several
     * times or at positions known only at run time (a product, a softmax, a pick). By default kernels do.
     */
    default boolean readsArgumentsFromBuffers() {
        return lowering() == Lowering.KERNEL;
    }

    /**
     * This op's plain-text form (what {@code gradus grad} prints, and what parses back as a
     * {@code .net} expression where the op is one users write); {@code unicode} allows ⊙ and ᵀ.
     * By default {@code label(args)}.
     */
    default MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return MathForm.plainCall(label(), args);
    }

    /**
     * The operands printed math shows: the arguments' forms, then any compile-time constants of the
     * op (a slope, an index, an axis). By default the arguments alone.
     */
    default List<MathForm> mathArgs(List<MathForm> args) {
        return args;
    }

    /**
     * The same, knowing the arguments' shapes: for an op whose constants a call cannot give by
     * themselves (a transposed convolution's {@code output_padding} comes from its kernel's shape).
     * By default {@link #mathArgs(List)}.
     */
    default List<MathForm> mathArgs(List<MathForm> args, List<Shape> shapes) {
        return mathArgs(args);
    }

    /** How users call this op by name, or null for an operator or an op only derivatives make. */
    default Signature signature() {
        return null;
    }

    /**
     * The op a call makes, given the values of its signature's compile-time constants in order
     * ({@code leaky_relu(x, 0.2)} makes {@code LeakyRelu(0.2)}); an op without constants is itself.
     */
    default Op withConstants(List<Double> constants) {
        return this;
    }

    /** Calls the visitor's method for this kind of op. */
    <R> R accept(OpVisitor<R> visitor);
}
