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
    private final int threshold;
    private final int edge;

    public TensorText(boolean full) {
        this(full, THRESHOLD, EDGE);
    }

    /** Abbreviating beyond {@code threshold} elements to {@code edge} at each end of an axis. */
    public TensorText(boolean full, int threshold, int edge) {
        this.full = full;
        this.threshold = threshold;
        this.edge = edge;
    }

    public String format(Tensor t) {
        if (t.shape().isScalar()) {
            return Tensor.format(t.item());
        }
        boolean cut = !full && t.shape().size() > threshold;
        if (t.shape().rank() > 2) {
            return nested(t.data(), t.shape().dims(), 0, 0, cut);
        }
        StringBuilder s = new StringBuilder("[");
        int rows = t.shape().rows();
        for (int i = 0; i < rows; i++) {
            if (cut && i == edge && rows > 2 * edge) {
                s.append(", ...");
                i = rows - edge - 1;
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
                    if (cut && j == edge && cols > 2 * edge) {
                        s.append(", ...");
                        j = cols - edge - 1;
                        continue;
                    }
                    s.append(j > 0 ? ", " : "").append(Tensor.format(t.get(i, j)));
                }
                s.append(']');
            }
        }
        return s.append(']').toString();
    }

    /** A tensor of rank 3 or 4, one bracket per axis ({@code [[[1, 2], [3, 4]], ...]}), each axis abbreviated alike. */
    private String nested(double[] d, java.util.List<Integer> dims, int axis, int offset, boolean cut) {
        int n = dims.get(axis);
        int stride = 1;
        for (int k = axis + 1; k < dims.size(); k++) {
            stride *= dims.get(k);
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (cut && i == edge && n > 2 * edge) {
                s.append(", ...");
                i = n - edge - 1;
                continue;
            }
            if (i > 0) {
                s.append(", ");
            }
            s.append(axis == dims.size() - 1 ? Tensor.format(d[offset + i]) : nested(d, dims, axis + 1, offset + i * stride, cut));
        }
        return s.append(']').toString();
    }

    /** As {@link #format}, with a negative scalar in parentheses so it reads well after an operator. */
    public String operand(Tensor t) {
        String s = format(t);
        return t.shape().isScalar() && t.item() < 0 ? "(" + s + ")" : s;
    }
}
