package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.gradus.compiler.emit.Members.Field;
import dev.gradus.compiler.ir.AlongAxis;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.lower.Names;
import dev.gradus.compiler.lower.Schedule;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A float trainer's whole-vector functions (softmax, log_softmax and logsumexp, of a vector or along
 * an axis, and the backward softmax from the forward logsumexp), tanh and sigmoid, with their exps on
 * the kernels, for a range of examples at once: a loop shifts each vector by its maximum into a double working array,
 * one {@code expForFloat} call computes every exp of the range in vector lanes, and a second loop
 * rounds them to float and finishes the function (a 64-32-10 classifier's 640 exps a step were a
 * quarter of it on an Intel Xeon, as scalar calls). The values are those of the loops that compute each
 * exp with {@code Fn.exp} ({@code KernelEmitter.vectorFunction}, which double trainers keep): the
 * kernels' exp has its bits. A float softmax's values below the smallest normal float (1.2e-38) are
 * flushed to 0, as sigmoid's are ({@code Fn.sigmoidOfExp}): a classifier sure of its classes drives
 * the others' probabilities there, and the backward pass's products then took Intel's microcode path
 * (mlp64 ran 1.4 times slower after 200,000 steps on its batches; docs/PERFORMANCE.md).
 */
final class ExpEmitter {
    private final Emission e;

    ExpEmitter(Emission e) {
        this.e = e;
    }

    /** Whether {@code a} is computed here: one of {@link Schedule#kernelExps}, in a float trainer. */
    boolean handles(Node.Apply a) {
        return e.p() == Precision.FLOAT && e.schedule().kernelExps().contains(a);
    }

    /**
     * The kernels' field where the trainer holds none otherwise, and each node's working array, its
     * argument's elements for each example, widened. One per node, not
     * one shared: threads compute ranges of examples side by side, and two nodes of different sizes
     * would index the rows of a shared array with different strides (the thread-count test caught it).
     */
    void addFields(TypeSpec.Builder type) {
        if (!nodes().isEmpty() && !e.schedule().usesKernels()) { // the kernels for its exps alone
            type.addField(FieldSpec.builder(Types.KERNELS, e.members().field(Field.EXP_KERNELS), Modifier.PRIVATE, Modifier.STATIC,
                    Modifier.FINAL).initializer("$T.forExps()", Types.KERNELS)
                    .addJavadoc("The runtime's exps: in vector lanes where this JVM offers the Vector API, else plain loops.\n").build());
        }
        for (Node.Apply a : nodes()) {
            type.addField(FieldSpec.builder(double[].class, e.members().exps(a), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The exps of $L's elements, in double, $L for each example: the kernels compute a range of examples'\n"
                            + "exps in one call.\n", e.members().of(a), a.arg(0).shape().size()).build());
        }
    }

    /** In the constructor. */
    void allocate(CodeBlock.Builder b, String maxBatch) {
        for (Node.Apply a : nodes()) {
            b.addStatement("this.$L = new double[$L]", e.members().exps(a), ElementExpressions.times(maxBatch, a.arg(0).shape().size()));
        }
    }

    private List<Node.Apply> nodes() {
        return e.p() == Precision.FLOAT ? e.schedule().kernelExps() : List.of();
    }

    /** Buffer {@code a} for examples {@code from..to-1}. */
    void compute(CodeBlock.Builder b, Names.Scope s, Node.Apply a) {
        if (a.op() instanceof Unary u) {
            elementwise(b, s, a, u);
            return;
        }
        VectorOp fn = a.op() instanceof AlongAxis along ? along.fn() : (VectorOp) a.op();
        int axis = a.op() instanceof AlongAxis along ? along.axis() : -1;
        String ex = s.get("ex");
        String from = s.get("from");
        String to = s.get("to");
        String v = axis < 0 ? null : s.get(axis == 1 ? "row" : "col");
        String i = s.get("i");
        Vectors vs = new Vectors(a, axis, ex, v, i);
        String t = e.p().keyword();
        String max = s.get("max");
        String total = s.get("total");
        Node lse = axis < 0 ? e.plan().softmaxFrom(a) : null;

        open(b, vs, from, to);
        if (lse != null) {
            b.add("// exp(z - logsumexp(z)), with the forward pass's logsumexp: no second maximum and sum\n");
            String l = e.exprs().elem(lse, ex, null, null).text();
            loop(b, vs, "$L = $L - $L", vs.wide(), vs.x(), l);
        } else {
            maximum(b, vs, t, max);
            loop(b, vs, "$L = $L - $L", vs.wide(), vs.x(), max);
            if (fn == VectorOp.LOGSUMEXP) {
                b.addStatement("$L = $L", vs.scalarOut(), max);
            }
        }
        close(b, axis);
        expCall(b, a, from, to);
        open(b, vs, from, to);
        if (lse != null) {
            loop(b, vs, "$L = flush(($L) $L)", vs.y(), t, vs.wide());
        } else {
            switch (fn) {
                case SOFTMAX -> {
                    b.addStatement("$L $L = 0", t, total);
                    Loops.open(b, i, 0, vs.length());
                    b.addStatement("$L = flush(($L) $L)", vs.y(), t, vs.wide()).addStatement("$L += $L", total, vs.y()).endControlFlow();
                    loop(b, vs, "$L /= $L", vs.y(), total);
                }
                case LOG_SOFTMAX -> {
                    String logSum = s.get("logSum");
                    maximum(b, vs, t, max);
                    b.addStatement("$L $L = 0", t, total);
                    loop(b, vs, "$L += ($L) $L", total, t, vs.wide());
                    b.addStatement("$L $L = $L + log($L)", t, logSum, max, total);
                    loop(b, vs, "$L = $L - $L", vs.y(), vs.x(), logSum);
                }
                case LOGSUMEXP -> {
                    b.addStatement("$L $L = 0", t, total);
                    loop(b, vs, "$L += ($L) $L", total, t, vs.wide());
                    b.addStatement("$L = $L + log($L)", vs.scalarOut(), vs.scalarOut(), total);
                }
            }
        }
        close(b, axis);
    }

    /**
     * tanh from e^(2x), sigmoid from e^(-x), each as {@code Fn}'s float function computes it from the
     * exp ({@code Fn.tanh(x, e2x)}, {@code Fn.sigmoidOfExp}): the same values as {@code Fn.tanh(x)} and
     * {@code Fn.sigmoid(x)}. The argument is computed again where the result is, as the loops that call
     * those compute it once (a float sum, the same bits).
     */
    private void elementwise(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Unary u) {
        String ex = s.get("ex");
        String from = s.get("from");
        String to = s.get("to");
        Shape xs = a.arg(0).shape();
        String exps = e.members().exps(a);
        Loops.ElementStatement wide = (i, j) -> exps + "[" + ElementExpressions.plus(ElementExpressions.times(ex, xs.size()),
                ElementExpressions.flat(xs, i, j)) + "]";
        Loops.ElementStatement x = (i, j) -> e.exprs().elem(a.arg(0), ex, i, j).text();
        boolean tanh = switch (u) {
            case TANH -> true;
            case SIGMOID -> false;
            default -> throw new IllegalArgumentException(u + " has no exp on the kernels");
        };
        Loops.open(b, ex, from, to);
        Loops.forEach(b, s, xs, (i, j) -> wide.at(i, j) + " = " + (tanh ? "2.0 * (" : "-(double) (") + x.at(i, j) + ")");
        b.endControlFlow();
        expCall(b, a, from, to);
        Loops.open(b, ex, from, to);
        Loops.forEach(b, s, xs, (i, j) -> e.exprs().access(a, ex, i, j) + " = "
                + (tanh ? "tanh(" + x.at(i, j) + ", " + wide.at(i, j) + ")" : "sigmoidOfExp(" + wide.at(i, j) + ")"));
        b.endControlFlow();
    }

    /** The call that computes the exps of examples {@code from..to-1}, {@code size} of them an example. */
    private void expCall(CodeBlock.Builder b, Node.Apply a, String from, String to) {
        int size = a.arg(0).shape().size();
        String count = size == 1 ? to + " - " + from : "(" + to + " - " + from + ") * " + size;
        b.addStatement("$L.expForFloat($L, $L, $L)", kernels(), count, e.members().exps(a), ElementExpressions.times(from, size));
    }

    /** The trainer's kernels where it holds them, else those it holds for its exps ({@code Kernels.forExps}). */
    private String kernels() {
        return e.members().field(e.schedule().usesKernels() ? Field.KERNELS : Field.EXP_KERNELS);
    }

    /** The loops over examples, and over the vectors of an axis. */
    private static void open(CodeBlock.Builder b, Vectors vs, String from, String to) {
        Loops.open(b, vs.ex(), from, to);
        if (vs.v() != null) {
            Loops.open(b, vs.v(), 0, vs.count());
        }
    }

    private static void close(CodeBlock.Builder b, int axis) {
        if (axis >= 0) {
            b.endControlFlow();
        }
        b.endControlFlow();
    }

    private void maximum(CodeBlock.Builder b, Vectors vs, String t, String max) {
        b.addStatement("$L $L = $L", t, max, e.p().literal(Double.NEGATIVE_INFINITY));
        loop(b, vs, "$L = $T.max($L, $L)", max, Types.MATH, max, vs.x());
    }

    private static void loop(CodeBlock.Builder b, Vectors vs, String format, Object... args) {
        Loops.open(b, vs.i(), 0, vs.length());
        b.addStatement(format, args).endControlFlow();
    }

    /**
     * Element {@code i} of vector {@code v} (null for a vector function) of example {@code ex}: in x, in
     * the result, and in the working array, where each example's vectors lie as x's elements do.
     */
    private final class Vectors {
        private final Node.Apply a;
        private final int axis;
        private final String ex;
        private final String v;
        private final String i;

        Vectors(Node.Apply a, int axis, String ex, String v, String i) {
            this.a = a;
            this.axis = axis;
            this.ex = ex;
            this.v = v;
            this.i = i;
        }

        String ex() {
            return ex;
        }

        String v() {
            return v;
        }

        String i() {
            return i;
        }

        /** The elements of each vector. */
        int length() {
            Shape xs = a.arg(0).shape();
            return axis < 0 ? xs.length() : axis == 1 ? xs.cols() : xs.rows();
        }

        /** The vectors of an example along the axis (one for a vector function). */
        int count() {
            Shape xs = a.arg(0).shape();
            return axis < 0 ? 1 : axis == 1 ? xs.rows() : xs.cols();
        }

        private String r() {
            return axis < 0 ? i : axis == 1 ? v : i;
        }

        private String c() {
            return axis < 0 ? null : axis == 1 ? i : v;
        }

        String x() {
            return e.exprs().elem(a.arg(0), ex, r(), c()).text();
        }

        String y() {
            return e.exprs().access(a, ex, r(), c());
        }

        String scalarOut() {
            return e.exprs().access(a, ex, v, null);
        }

        String wide() {
            Shape xs = a.arg(0).shape();
            return e.members().exps(a) + "[" + ElementExpressions.plus(ElementExpressions.times(ex, xs.size()),
                    ElementExpressions.flat(xs, r(), c())) + "]";
        }
    }
}
