package dev.gradus.compiler.lower;

import dev.gradus.compiler.ir.Node;
import java.util.List;

/** One stage of a part's per-example work, in order. */
public sealed interface Stage {
    /** Nodes computed example range by example range. */
    record Examples(List<Node> nodes) implements Stage {}

    /**
     * A wide weight's product, computed output range by output range for the whole batch: the forward
     * product {@code W @ x} by rows of W, or the input gradient {@code transpose(W) @ g}
     * ({@code transposed}) by columns of W.
     */
    record OutputRows(Node.Apply product, Node.Param w, boolean transposed) implements Stage {
        /** How many outputs an example has: W's rows, or its columns when transposed. */
        public int outputs() {
            return transposed ? w.shape().cols() : w.shape().rows();
        }

        /**
         * How many entries an example's operand has, the rows every call reads (packed once a batch for all of
         * them, {@code Kernels.packRows}): x's, W's columns, or g's, W's rows, when transposed.
         */
        public int inputs() {
            return transposed ? w.shape().rows() : w.shape().cols();
        }

        /**
         * Whether the forward product runs on W's transposed copy (a layer under {@link Schedule#WIDE}
         * weights): split by columns of the copy, W's rows.
         */
        public boolean viaCopy() {
            return !transposed && w.shape().size() < Schedule.WIDE;
        }
    }
}
