package dev.gradus.compiler.ir;

import dev.gradus.runtime.Fn;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Elementwise functions of two arguments (with broadcasting); each one's value and both partial
 * derivatives are defined here, side by side.
 */
public enum Binary implements Elementwise {
    ADD("add", "+", Double::sum),
    SUB("sub", "-", (a, b) -> a - b),
    MUL("mul", "*", (a, b) -> a * b),
    DIV("div", "/", (a, b) -> a / b),
    POW("pow", null, Fn::pow),
    /** Ties split the gradient equally, as PyTorch. */
    MAX("max", null, Fn::max),
    MIN("min", null, Fn::min),
    /** 1 where a > b, else 0: a derivative helper whose own derivative is zero. */
    GT("gt", null, Fn::gt),
    /** 1 where a == b, else 0: a derivative helper whose own derivative is zero. */
    EQ("eq", null, Fn::eq),
    /** Binary cross-entropy of a probability p against y, with logs clamped at -100 as PyTorch. */
    BCE("bce", null, Fn::bce),
    /** Binary cross-entropy on a logit z, computed stably: max(z, 0) - z y + log(1 + exp(-|z|)). */
    BCE_LOGITS("bce_logits", null, Fn::bce_logits);

    private final String fn;
    private final String symbol;
    private final DoubleBinaryOperator eval;

    Binary(String fn, String symbol, DoubleBinaryOperator eval) {
        this.fn = fn;
        this.symbol = symbol;
        this.eval = eval;
    }

    /** d self / d a ({@code i == 0}) or d self / d b ({@code i == 1}), where {@code s} is the node itself. */
    @Override
    public Node partial(int i, Node.Apply s, Graph g) {
        Node a = s.arg(0);
        Node b = s.arg(1);
        boolean first = i == 0;
        return switch (this) {
            case ADD -> g.constant(1);
            case SUB -> g.constant(first ? 1 : -1);
            case MUL -> first ? b : a;
            case DIV -> first ? g.div(g.constant(1), b) : g.neg(g.div(s, b));
            case POW -> first ? g.mul(b, g.pow(a, g.sub(b, g.constant(1)))) : g.mul(s, g.apply(Unary.LOG, a));
            case MAX, MIN -> {
                boolean wins = (this == MAX) == first; // d max/da: a > b; d min/da: b > a
                Node greater = wins ? g.apply(GT, a, b) : g.apply(GT, b, a);
                yield g.add(greater, g.mul(g.constant(0.5), g.apply(EQ, a, b)));
            }
            case GT, EQ -> null;
            // PyTorch's derivative in p: (p - y) / max(p (1 - p), 1e-12); in y: log(1 - p) - log(p), clamped.
            case BCE -> first
                    ? g.div(g.sub(a, b), g.apply(MAX, g.mul(a, g.sub(g.constant(1), a)), g.constant(1e-12)))
                    : g.sub(g.apply(MAX, g.apply(Unary.LOG, g.sub(g.constant(1), a)), g.constant(-100)),
                            g.apply(MAX, g.apply(Unary.LOG, a), g.constant(-100)));
            case BCE_LOGITS -> first ? g.sub(g.apply(Unary.SIGMOID, a), b) : g.neg(a);
        };
    }

    public String fn() {
        return fn;
    }

    @Override
    public Signature signature() {
        return builtin() ? Signature.of(fn, "a", "b") : null;
    }

    /**
     * Whether users call it by name ({@code max(a, b)}, and the derivative helpers {@code gt} and {@code eq},
     * so that {@code grad}'s output parses back); the rest are operators or inside losses.
     */
    public boolean builtin() {
        return this == POW || this == MAX || this == MIN || this == GT || this == EQ;
    }

    @Override
    public String runtimeFunction() {
        return symbol == null ? fn : null;
    }

    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        MathForm a = args.get(0);
        MathForm b = args.get(1);
        return switch (this) {
            case ADD -> new MathForm(a.wrap(MathForm.ADD) + " + " + b.wrap(MathForm.ADD + 1), MathForm.ADD);
            case SUB -> new MathForm(a.wrap(MathForm.ADD) + " - " + b.wrap(MathForm.ADD + 1), MathForm.ADD);
            case MUL -> new MathForm(a.wrap(MathForm.MUL) + (tensors ? " \\odot " : " \\cdot ") + b.wrap(MathForm.MUL + 1), MathForm.MUL);
            case DIV -> MathForm.atom("\\frac{" + a.text() + "}{" + b.text() + "}");
            case POW -> new MathForm(a.wrap(MathForm.ATOM) + "^{" + b.text() + "}", MathForm.POW);
            case MAX, MIN -> MathForm.call("\\" + fn, args);
            case GT -> MathForm.atom("\\left[" + a.text() + " > " + b.text() + "\\right]");
            case EQ -> MathForm.atom("\\left[" + a.text() + " = " + b.text() + "\\right]");
            case BCE, BCE_LOGITS -> MathForm.named(fn, args);
        };
    }

    @Override
    public MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return switch (this) {
            case ADD -> MathForm.plainInfix(args, " + ", MathForm.ADD);
            case SUB -> MathForm.plainInfix(args, " - ", MathForm.ADD);
            case MUL -> MathForm.plainInfix(args, unicode && tensors ? " ⊙ " : " * ", MathForm.MUL);
            case DIV -> MathForm.plainInfix(args, " / ", MathForm.MUL);
            case POW -> new MathForm(args.get(0).plainWrap(MathForm.POW + 1) + " ^ " + args.get(1).plainWrap(MathForm.POW),
                    MathForm.POW);
            case MAX, MIN, GT, EQ -> MathForm.plainCall(fn, args);
            // each element's loss, spelled out: the language's bce(p, y) and bce_logits(z, y) are their means
            case BCE -> new MathForm("-(" + args.get(1).plainWrap(MathForm.MUL) + " * max(log(" + args.get(0).text() + "), -100) + (1 - "
                    + args.get(1).plainWrap(MathForm.ADD + 1) + ") * max(log(1 - " + args.get(0).plainWrap(MathForm.ADD + 1) + "), -100))",
                    MathForm.NEG);
            case BCE_LOGITS -> new MathForm("max(" + args.get(0).text() + ", 0) - " + args.get(0).plainWrap(MathForm.MUL) + " * "
                    + args.get(1).plainWrap(MathForm.MUL + 1) + " + softplus(-abs(" + args.get(0).text() + "))", MathForm.ADD);
        };
    }

    @Override
    public String symbol() {
        return symbol;
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public double apply(double... x) {
        return eval.applyAsDouble(x[0], x[1]);
    }

    @Override
    public String label() {
        return fn;
    }

    @Override
    public String toString() {
        return fn;
    }
}
