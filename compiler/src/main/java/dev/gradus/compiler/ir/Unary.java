package dev.gradus.compiler.ir;

import dev.gradus.runtime.Fn;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise functions of one argument. Each constant is the whole definition of its op: the name
 * users write and printers show, the runtime function generated code calls (whose formula is also
 * its value here, so it is written once, in {@link Fn}), and its derivative. The checker offers
 * every constant but the internal derivative helpers as a builtin of one argument {@code x}.
 */
public enum Unary implements Elementwise {
    NEG("neg", x -> -x),
    EXP("exp", Fn::exp),
    LOG("log", Fn::log),
    SQRT("sqrt", Fn::sqrt),
    ABS("abs", Fn::abs),
    SIN("sin", Fn::sin),
    COS("cos", Fn::cos),
    TANH("tanh", Fn::tanh),
    SIGMOID("sigmoid", Fn::sigmoid),
    RELU("relu", Fn::relu),
    SOFTPLUS("softplus", Fn::softplus),
    SQUARE("square", Fn::square),
    /** The derivative of relu: 1 where x > 0, else 0 (relu'(0) = 0, as PyTorch); callable, so {@code grad}'s output parses back. */
    STEP("heaviside", Fn::heaviside),
    /** The derivative of abs: -1, 0 or 1 (abs'(0) = 0, as PyTorch); callable, as {@code torch.sign}. */
    SIGN("sign", Fn::sign);

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
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        MathForm a = args.get(0);
        return switch (this) {
            case NEG -> new MathForm("-" + a.wrap(MathForm.NEG + 1), MathForm.NEG);
            case SQUARE -> new MathForm(a.wrap(MathForm.ATOM) + "^{2}", MathForm.POW);
            case SQRT -> MathForm.atom("\\sqrt{" + a.text() + "}");
            case ABS -> MathForm.atom("\\left|" + a.text() + "\\right|");
            case EXP, LOG, SIN, COS, TANH -> MathForm.call("\\" + fn, args);
            case SIGMOID -> MathForm.call("\\sigma", args);
            case RELU, SOFTPLUS, STEP, SIGN -> MathForm.named(fn, args);
        };
    }

    @Override
    public MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return this == NEG ? new MathForm("-" + args.get(0).plainWrap(MathForm.NEG + 1), MathForm.NEG)
                : MathForm.plainCall(fn, args);
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
    public String runtimeFunction() {
        return this == NEG ? null : fn;
    }

    @Override
    public Signature signature() {
        return builtin() ? Signature.of(fn, "x") : null;
    }

    /** Whether users may call it by name (negation is the operator {@code -}). */
    public boolean builtin() {
        return this != NEG;
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
