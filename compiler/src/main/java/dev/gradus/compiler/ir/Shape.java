package dev.gradus.compiler.ir;

import java.util.List;

/**
 * The shape of one example's value: a scalar, a vector {@code [n]}, a matrix {@code [m, n]}, or a
 * tensor of rank 3 or 4 ({@code [C, H, W]}, a kernel {@code [O, C, kh, kw]}). Every tensor is one
 * flat row-major array; element loops see a tensor of rank 3 or 4 as its matrix view
 * {@code [d0, d1·d2·...]} ({@link #rows}, {@link #cols}), which addresses the same elements.
 */
public record Shape(List<Integer> dims) {

    /** The most dimensions a shape has. */
    public static final int MAX_RANK = 4;

    public static final Shape SCALAR = new Shape(List.of());

    public Shape {
        dims = List.copyOf(dims);
        if (dims.size() > MAX_RANK) {
            throw new IllegalArgumentException("rank " + dims.size());
        }
    }

    public static Shape vector(int n) {
        return new Shape(List.of(n));
    }

    public static Shape matrix(int m, int n) {
        return new Shape(List.of(m, n));
    }

    public static Shape of(List<Integer> dims) {
        return new Shape(dims);
    }

    public static Shape of(int... dims) {
        List<Integer> d = new java.util.ArrayList<>();
        for (int n : dims) {
            d.add(n);
        }
        return new Shape(d);
    }

    public int rank() {
        return dims.size();
    }

    /** The first dimension (1 for a scalar). */
    public int rows() {
        return dims.isEmpty() ? 1 : dims.get(0);
    }

    /** The elements of one row: 1 for a scalar or vector, the second dimension of a matrix, the rest's product above. */
    public int cols() {
        int c = 1;
        for (int k = 1; k < dims.size(); k++) {
            c *= dims.get(k);
        }
        return c;
    }

    /** Dimension {@code k}. */
    public int dim(int k) {
        return dims.get(k);
    }

    public boolean isScalar() {
        return rank() == 0;
    }

    public boolean isVector() {
        return rank() == 1;
    }

    public boolean isMatrix() {
        return rank() == 2;
    }

    /** Number of elements. */
    public int size() {
        return rows() * cols();
    }

    /** The length of a vector; the number of rows of a matrix. */
    public int length() {
        return rows();
    }

    /** A number as printed math writes it: {@code 2}, {@code 0.5}, {@code 1e-05}. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            String[] parts = s.split("e");
            String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            return mantissa + "e" + Integer.parseInt(parts[1]);
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** {@code []}, {@code [3]} or {@code [2, 4]}, as a user writes shapes. */
    @Override
    public String toString() {
        return dims().toString();
    }
}
