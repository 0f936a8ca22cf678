package dev.gradus.compiler.check;

import dev.gradus.compiler.ir.Signature;

/**
 * The loss functions: each is built from several ops ({@code Expressions.loss}, an exhaustive
 * switch over these), so a loss named here and not built there does not compile.
 */
enum Loss {
    MSE(Signature.of("mse", "p", "y")),
    L1(Signature.of("l1", "p", "y")),
    HUBER(Signature.of("huber", "p", "y").withConstant("delta", 1.0)),
    BCE(Signature.of("bce", "p", "y")),
    BCE_LOGITS(Signature.of("bce_logits", "z", "y")),
    /** {@code target}: a class target, or a vector of probabilities. */
    CROSS_ENTROPY(Signature.of("cross_entropy", "z", "target"));

    private final Signature signature;

    Loss(Signature signature) {
        this.signature = signature;
    }

    Signature signature() {
        return signature;
    }

    /** The prediction's parameter: {@code p}, or {@code z} for logits. */
    String prediction() {
        return signature.params().get(0);
    }

    String target() {
        return signature.params().get(1);
    }
}
