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

    /** The CSV columns of this field: {@code x}, {@code x[0]}..., or {@code x[i][j]}... */
    public String[] columns() {
        String[] out = new String[size()];
        if (shape.length == 0) {
            out[0] = name;
        } else if (shape.length == 1) {
            for (int i = 0; i < shape[0]; i++) {
                out[i] = name + "[" + i + "]";
            }
        } else {
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[1]; j++) {
                    out[i * shape[1] + j] = name + "[" + i + "][" + j + "]";
                }
            }
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

    @Override
    public String toString() {
        return name + shapeText();
    }
}
