package dev.gradus.compiler.emit;

/** A Java expression's text and precedence, so emitted code has only the parentheses it needs. */
record JavaExpr(String text, int precedence) {
    static final int TERNARY = 10;
    static final int EQUALITY = 50;
    static final int ADDITIVE = 70;
    static final int MULTIPLICATIVE = 80;
    static final int UNARY = 90;
    static final int PRIMARY = 100;

    static JavaExpr primary(String text) {
        return new JavaExpr(text, PRIMARY);
    }

    /** This expression as an operand of an operator of {@code precedence} (right operands pass one more). */
    String at(int precedence) {
        return this.precedence >= precedence ? text : "(" + text + ")";
    }
}
