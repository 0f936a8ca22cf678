package dev.gradus.compiler.ir;

/**
 * How an op's value is lowered to loops, as the op itself declares it: {@code lower/} decides
 * buffers from this, {@code emit/} prints the form. A new op picks one of these; there is no
 * fallback that guesses.
 */
public enum Lowering {
    /** One element of the result from one element of each argument: printed inline where used. */
    ELEMENT,
    /** Only re-indexes its argument (transpose, broadcast, indexing): inline, never worth a buffer. */
    REINDEX,
    /** Computed per element inline, but reads its arguments at other positions (outer, pick, scatter). */
    GATHER,
    /** Loops of its own into a buffer (products, reductions, whole-vector functions). */
    KERNEL;

    /** Whether a value of this form costs work per element (and so a buffer when it is used twice). */
    public boolean computes() {
        return this != REINDEX;
    }
}
