package dev.gradus.compiler.lower;

import dev.gradus.compiler.ir.Node;
import java.util.List;

/** How a parameter's gradient over a batch is computed. */
public sealed interface Gradient {
    /** The same for every example (no term depends on the data): computed once. */
    record Shared(Node g) implements Gradient {}

    /**
     * Per-example terms averaged over the batch, then the shared terms (a regularizer's) added once.
     * {@code byElements}: a vector of at least {@link Schedule#SPLIT_ELEMENTS} entries (a wide layer's bias)
     * in a model whose batches are split, summed by ranges of its entries on the workers' threads,
     * each entry's sum over the batch in the same order (the same bits): on the caller alone, a
     * 1,024-wide bias over 256 examples is 0.13 ms a step, about a hundredth of a 2-core step of the
     * 784-1024-1024-10 MLP and a tenth of the step on 16 cores.
     */
    record Mean(List<Node> perExample, List<Node> shared, boolean byElements) implements Gradient {}

    /** A weight's {@code outer(a, b)} accumulated row by row over the batch, then the shared terms. */
    record Rows(Node.Apply outer, List<Node> shared) implements Gradient {}

    /** A large weight's {@code outer(g, x)} over the batch as one kernel call, {@code gᵀ x / n}, then the shared terms. */
    record Gemm(Node.Apply outer, List<Node> shared) implements Gradient {}

    /**
     * An embedding table's gradient, rows at a time: each example's {@code embedding_grad(g, i)}
     * adding its rows of {@code g} into the rows its indices name (repeated indices add), divided
     * by n, then the shared terms. Never a table {@code [V, D]} per example.
     */
    record Scatter(List<Node.Apply> rows, List<Node> shared) implements Gradient {
        /**
         * Whether a step writes only the rows its batch uses (and clears those the batch before
         * used): every other row of the gradient is zero, which a shared term (a regularizer's,
         * on every row) would not leave. The optimizer still updates every row.
         */
        public boolean onlyRowsUsed() {
            return shared.isEmpty();
        }
    }

    /**
     * A convolution kernel's gradient summed over each block of {@link Schedule#EXAMPLE_GRAIN} examples by the
     * per-example pass (one runtime call a block, whichever thread runs it), then the blocks' sums
     * added in order and divided by n, then the shared terms.
     */
    record Blocks(Node.Apply kernelGradient, List<Node> shared) implements Gradient {}
}
