package dev.gradus.compiler.print;

import dev.gradus.compiler.ir.MathForm;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.Elementwise;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Reduce;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints IR as math: plain text in the language's own notation ({@code relu(W1 @ x + b1)}),
 * readable Unicode math for documentation comments ({@code dloss/dh ⊙ step(W1 @ x + b1)}), or
 * LaTeX (each op's LaTeX form is in {@link LatexForms}). Nodes that have a name in {@code names}
 * are printed by that name, except the root being defined and literals: a constant that merely
 * equals a named value ({@code dloss/db = 1}) is still printed as its number.
 */
public final class MathPrinter {

    /** TEXT: the .net language's notation; UNICODE: TEXT with ⊙ for elementwise products of tensors and ᵀ; LATEX. */
    public enum Format { TEXT, UNICODE, LATEX }

    private final Format format;
    private final Function<Node, String> names;

    public MathPrinter(Format format, Function<Node, String> names) {
        this.format = format;
        this.names = names;
    }

    public MathPrinter(Format format, Map<Node, String> names) {
        this(format, names::get);
    }

    /** The definition of {@code root}: its own expression, with named subexpressions by name. */
    public String print(Node root) {
        return expr(root, true).text();
    }

    /** A name as this format writes it ({@code W1}, or {@code W_{1}} in LaTeX). */
    public String name(String name) {
        return format == Format.LATEX ? LatexForms.name(name) : name;
    }

    private MathForm expr(Node n, boolean root) {
        return expr(n, root, false);
    }

    /** {@code broadcasts}: {@code n} is an argument of an elementwise op, where the language broadcasts rows and scalars. */
    private MathForm expr(Node n, boolean root, boolean broadcasts) {
        String name = root || literal(n) ? null : names.apply(n);
        if (name != null) {
            return MathForm.atom(name(name));
        }
        if (n instanceof Node.Input i) {
            return MathForm.atom(name(i.name()));
        }
        if (n instanceof Node.Param p) {
            return MathForm.atom(name(p.name()));
        }
        if (n instanceof Node.Constant c && format == Format.TEXT && !root && !broadcasts && !c.shape().isScalar()) {
            return MathForm.atom("expand(" + Tensor.format(c.value()) + ", " + c.shape() + ")"); // the language broadcasts a number only in elementwise ops
        }
        if (n instanceof Node.Constant c) {
            return new MathForm(format == Format.LATEX ? LatexForms.number(c.value()) : Tensor.format(c.value()),
                    c.value() < 0 ? MathForm.NEG : MathForm.ATOM);
        }
        Node.Apply a = (Node.Apply) n;
        MathForm loss = meanLoss(a);
        if (loss != null) {
            return loss;
        }
        MathForm outer = outerProduct(a);
        if (outer != null) {
            return outer;
        }
        if (a.op() instanceof Expand e && (format != Format.TEXT || e.axis() == -1 && (broadcasts || root) || e.axis() == 0 && broadcasts && e.to().isMatrix())) {
            return expr(a.arg(0), false, broadcasts); // broadcasting is implicit, as in NumPy
        }
        List<MathForm> args = new ArrayList<>();
        for (Node arg : a.args()) {
            args.add(expr(arg, false, a.op() instanceof Elementwise));
        }
        args = a.op().mathArgs(args, a.args().stream().map(Node::shape).toList());
        boolean tensors = a.args().size() == 2 && tensor(a.arg(0)) && tensor(a.arg(1));
        int axis = a.op() instanceof Reduce r ? r.axis() : -1;
        if (format == Format.LATEX) {
            return a.op().latex(args, tensors, axis);
        }
        return text(a, args, tensors, axis);
    }

    /**
     * {@code a[i] * b[j]} over an [m, n] matrix, which the IR writes as a column-broadcast vector
     * times a row-broadcast one: printed {@code outer(a, b)}, since the language (as NumPy) broadcasts a
     * vector only along rows, so {@code a * b} would not be well-typed. Null for anything else.
     */
    private MathForm outerProduct(Node.Apply a) {
        if (a.op() != Binary.MUL || !a.shape().isMatrix()) {
            return null;
        }
        for (int k = 0; k < 2; k++) {
            Node column = a.arg(k);
            Node row = a.arg(1 - k);
            if (column instanceof Node.Apply e && e.op() instanceof Expand x && x.axis() == 1) {
                Node rowVector = row instanceof Node.Apply r && r.op() instanceof Expand y && y.axis() == 0 ? r.arg(0) : row;
                if (rowVector.shape().isVector() && rowVector.shape().length() == a.shape().cols()) {
                    MathForm left = expr(e.arg(0), false);
                    MathForm right = expr(rowVector, false);
                    return format == Format.LATEX ? LinAlg.OUTER.latex(List.of(left, right), true, -1)
                            : MathForm.atom("outer(" + left.text() + ", " + right.text() + ")");
                }
            }
        }
        return null;
    }

    /**
     * The language's {@code bce(p, y)} or {@code bce_logits(z, y)}, the mean of the elementwise loss, where the IR
     * has that mean ({@code sum(bce) / n}) or the sum of one element; {@code n * bce(p, y)} for the sum of n.
     * Null for anything else (an elementwise loss elsewhere prints spelled out).
     */
    private MathForm meanLoss(Node.Apply a) {
        if (format == Format.LATEX) {
            return null;
        }
        Node sum = a;
        double divisor = 1;
        if (a.op() == Binary.DIV && a.arg(1) instanceof Node.Constant c) {
            sum = a.arg(0);
            divisor = c.value();
        }
        if (!(sum instanceof Node.Apply s && s.op() instanceof Reduce r && r.axis() == -1
                && s.arg(0) instanceof Node.Apply e && (e.op() == Binary.BCE || e.op() == Binary.BCE_LOGITS))) {
            return null;
        }
        if (sum != a && names.apply(sum) != null) {
            return null;
        }
        MathForm call = MathForm.plainCall(((Binary) e.op()).fn(), List.of(expr(e.arg(0), false), expr(e.arg(1), false)));
        double n = e.shape().size() / divisor;
        return n == 1 ? call : new MathForm(Tensor.format(n) + " * " + call.text(), MathForm.MUL);
    }

    /** A constant, or a constant broadcast: printed as its number, never by the name of a value that equals it. */
    public static boolean literal(Node n) {
        if (n instanceof Node.Apply a && a.op() instanceof Expand) {
            return literal(a.arg(0));
        }
        return n instanceof Node.Constant;
    }

    /** A tensor operand of a product: not a scalar, nor a constant (which the language broadcasts from a number). */
    private static boolean tensor(Node n) {
        if (n instanceof Node.Apply a && a.op() instanceof Expand) {
            return tensor(a.arg(0));
        }
        return !n.shape().isScalar() && !(n instanceof Node.Constant);
    }

    private MathForm text(Node.Apply a, List<MathForm> args, boolean tensors, int axis) {
        return a.op().plain(args, tensors, format == Format.UNICODE);
    }

    /** A name in LaTeX: {@code W1} as {@code W_{1}}, {@code y_hat} as {@code \hat{y}}, derivatives as fractions. */
    public static String latexName(String name) {
        return LatexForms.name(name);
    }
}
