package dev.gradus.compiler.ir;

import java.util.List;

/**
 * Printed math and the precedence of its outermost operator, so callers know when to parenthesize.
 * Each op gives its own LaTeX form from its arguments' forms ({@link Op#latex}); the printers in
 * {@code print/} put them together.
 */
public record MathForm(String text, int precedence) {
    public static final int ADD = 1;
    public static final int MUL = 2;
    public static final int NEG = 3;
    public static final int POW = 4;
    public static final int ATOM = 5;

    public static MathForm atom(String text) {
        return new MathForm(text, ATOM);
    }

    /** {@code \fn\left(a, b\right)}. */
    public static MathForm call(String fn, List<MathForm> args) {
        StringBuilder s = new StringBuilder(fn).append("\\left(");
        for (int i = 0; i < args.size(); i++) {
            s.append(i > 0 ? ", " : "").append(args.get(i).text());
        }
        return atom(s.append("\\right)").toString());
    }

    /** {@code \operatorname{label}(args)}: the form of an op without a notation of its own. */
    public static MathForm named(String label, List<MathForm> args) {
        return call("\\operatorname{" + label.replace("_", "\\_") + "}", args);
    }

    /** {@code fn(a, b)} in plain text. */
    public static MathForm plainCall(String fn, List<MathForm> args) {
        StringBuilder s = new StringBuilder(fn).append('(');
        for (int i = 0; i < args.size(); i++) {
            s.append(i > 0 ? ", " : "").append(args.get(i).text());
        }
        return atom(s.append(')').toString());
    }

    /** {@code a op b} in plain text, left-associative at {@code precedence}. */
    public static MathForm plainInfix(List<MathForm> args, String op, int precedence) {
        return new MathForm(args.get(0).plainWrap(precedence) + op + args.get(1).plainWrap(precedence + 1), precedence);
    }

    /** This form as an operand that needs at least {@code needed} precedence, in plain parentheses. */
    public String plainWrap(int needed) {
        return precedence >= needed ? text : "(" + text + ")";
    }

    /** This form as an operand that needs at least {@code needed} precedence, in LaTeX's parentheses. */
    public String wrap(int needed) {
        return precedence >= needed ? text : "\\left(" + text + "\\right)";
    }
}
