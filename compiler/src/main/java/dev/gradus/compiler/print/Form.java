package dev.gradus.compiler.print;

/** Printed math and the precedence of its outermost operator, so callers know when to parenthesize. */
record Form(String text, int precedence) {
    static final int ADD = 1;
    static final int MUL = 2;
    static final int NEG = 3;
    static final int POW = 4;
    static final int ATOM = 5;

    static Form atom(String text) {
        return new Form(text, ATOM);
    }
}
