package dev.gradus.compiler.print;

import dev.gradus.compiler.eval.Tensor;

/**
 * Tensors as text, abbreviated as NumPy abbreviates them: beyond {@link #THRESHOLD} elements, the
 * first and last {@link #EDGE} of each axis with {@code ...} between ({@code [0.1, 0.2, 0.3, ..., 0.9]}),
 * unless the whole tensor is asked for. Numbers as {@link Tensor#format} prints them.
 */
public final class TensorText {
    /** The largest number of elements printed in full. */
    public static final int THRESHOLD = 12;
    /** Elements kept at each end of an abbreviated axis. */
    public static final int EDGE = 3;

    private final boolean full;

    public TensorText(boolean full) {
        this.full = full;
    }

    public String format(Tensor t) {
        if (t.shape().isScalar()) {
            return Tensor.format(t.item());
        }
        boolean cut = !full && t.shape().size() > THRESHOLD;
        StringBuilder s = new StringBuilder("[");
        int rows = t.shape().rows();
        for (int i = 0; i < rows; i++) {
            if (cut && i == EDGE && rows > 2 * EDGE) {
                s.append(", ...");
                i = rows - EDGE - 1;
                continue;
            }
            if (i > 0) {
                s.append(", ");
            }
            if (t.shape().isVector()) {
                s.append(Tensor.format(t.data()[i]));
            } else {
                s.append('[');
                int cols = t.shape().cols();
                for (int j = 0; j < cols; j++) {
                    if (cut && j == EDGE && cols > 2 * EDGE) {
                        s.append(", ...");
                        j = cols - EDGE - 1;
                        continue;
                    }
                    s.append(j > 0 ? ", " : "").append(Tensor.format(t.get(i, j)));
                }
                s.append(']');
            }
        }
        return s.append(']').toString();
    }

    /** As {@link #format}, with a negative scalar in parentheses so it reads well after an operator. */
    public String operand(Tensor t) {
        String s = format(t);
        return t.shape().isScalar() && t.item() < 0 ? "(" + s + ")" : s;
    }
}
