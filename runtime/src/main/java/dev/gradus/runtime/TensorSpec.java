package dev.gradus.runtime;

import java.util.Arrays;

/** A named tensor's shape: a parameter, or a field of the data ({@code classes > 0} for a class index). */
public record TensorSpec(String name, int[] shape, int classes) {

    public TensorSpec(String name, int... shape) {
        this(name, shape, 0);
    }

    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The CSV columns of this field: {@code x}, {@code x[0]}..., {@code x[i][j]}..., {@code x[c][i][j]}..., row-major. */
    public String[] columns() {
        String[] out = new String[size()];
        for (int flat = 0; flat < out.length; flat++) {
            StringBuilder s = new StringBuilder();
            int rest = flat;
            for (int k = shape.length - 1; k >= 0; k--) {
                s.insert(0, "[" + rest % shape[k] + "]");
                rest /= shape[k];
            }
            out[flat] = name + s;
        }
        return out;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && Arrays.equals(t.shape, shape) && t.classes == classes;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    /** {@code W[2, 3]}, {@code x[4]}, or a scalar's name alone ({@code w}, not {@code w[]}). */
    @Override
    public String toString() {
        return shape.length == 0 ? name : name + shapeText();
    }
}
