package dev.gradus.compiler.ir;

import java.util.function.DoubleUnaryOperator;

/** Elementwise functions of one argument; each one's value and derivative are defined here, side by side. */
public enum Unary implements Elementwise {
    NEG("neg", x -> -x),
    EXP("exp", Math::exp),
    LOG("log", Math::log),
    SQRT("sqrt", Math::sqrt),
    ABS("abs", Math::abs),
    SIN("sin", Math::sin),
    COS("cos", Math::cos),
    TANH("tanh", Math::tanh),
    SIGMOID("sigmoid", x -> 1 / (1 + Math.exp(-x))),
    RELU("relu", x -> x > 0 ? x : 0),
    SOFTPLUS("softplus", x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))),
    SQUARE("square", x -> x * x),
    /** The derivative of relu: 1 where x > 0, else 0 (relu'(0) = 0, as PyTorch). */
    STEP("step", x -> x > 0 ? 1 : 0),
    /** The derivative of abs: -1, 0 or 1 (abs'(0) = 0, as PyTorch). */
    SIGN("sign", Math::signum);

    private final String fn;
    private final DoubleUnaryOperator eval;

    Unary(String fn, DoubleUnaryOperator eval) {
        this.fn = fn;
        this.eval = eval;
    }

    /** d self / d x, where {@code s} is the node {@code f(x)} itself. */
    @Override
    public Node partial(int i, Node.Apply s, Graph g) {
        Node x = s.arg(0);
        return switch (this) {
            case NEG -> g.constant(-1);
            case EXP -> s;
            case LOG -> g.div(g.constant(1), x);
            case SQRT -> g.div(g.constant(0.5), s);
            case ABS -> g.apply(SIGN, x);
            case SIN -> g.apply(COS, x);
            case COS -> g.neg(g.apply(SIN, x));
            case TANH -> g.sub(g.constant(1), g.apply(SQUARE, s));
            case SIGMOID -> g.mul(s, g.sub(g.constant(1), s));
            case RELU -> g.apply(STEP, x);
            case SOFTPLUS -> g.apply(SIGMOID, x);
            case SQUARE -> g.mul(g.constant(2), x);
            case STEP, SIGN -> null;
        };
    }

    @Override
    public String symbol() {
        return this == NEG ? "-" : null;
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public double apply(double... x) {
        return eval.applyAsDouble(x[0]);
    }

    /** The function's name, as written in .net files and generated code. */
    public String fn() {
        return fn;
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
