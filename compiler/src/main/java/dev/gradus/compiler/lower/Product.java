package dev.gradus.compiler.lower;

import dev.gradus.compiler.ir.Node;

/** The loop form of one product {@code A @ x}. */
public sealed interface Product {
    /**
     * A large weight's product over a range of examples as one kernel call: {@code W @ x} (the
     * kernel's {@code forward}, {@code x Wᵀ}) or {@code transpose(W) @ g} ({@code inputGradient}, {@code g W}).
     */
    record Gemm(Node.Param w, boolean transposed) implements Product {}

    /** Four examples at a time, each row of {@code rows} (W's transposed copy or B of transpose(B)) loaded once. */
    record Blocked(Node.Param w, boolean viaCopy) implements Product {}

    /** {@code W @ x} as row updates along W's transposed copy. */
    record CopyRows(Node.Param w) implements Product {}

    /** {@code transpose(B) @ x} as row updates along B. */
    record TransposedRows(Node b) implements Product {}

    /** Whatever else: dot products, vector-matrix, matrix-matrix loops. */
    record Plain() implements Product {}
}
