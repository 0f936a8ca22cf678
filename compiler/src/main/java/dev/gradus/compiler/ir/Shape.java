package dev.gradus.compiler.ir;

import java.util.List;

/** The shape of one example's value: a scalar, a vector {@code [n]} or a matrix {@code [m, n]}. */
public record Shape(int rank, int rows, int cols) {

    public static final Shape SCALAR = new Shape(0, 1, 1);

    public static Shape vector(int n) {
        return new Shape(1, n, 1);
    }

    public static Shape matrix(int m, int n) {
        return new Shape(2, m, n);
    }

    public static Shape of(List<Integer> dims) {
        return switch (dims.size()) {
            case 0 -> SCALAR;
            case 1 -> vector(dims.get(0));
            case 2 -> matrix(dims.get(0), dims.get(1));
            default -> throw new IllegalArgumentException("rank " + dims.size());
        };
    }

    public boolean isScalar() {
        return rank == 0;
    }

    public boolean isVector() {
        return rank == 1;
    }

    public boolean isMatrix() {
        return rank == 2;
    }

    /** Number of elements. */
    public int size() {
        return rows * cols;
    }

    /** The length of a vector; the number of rows of a matrix. */
    public int length() {
        return rows;
    }

    public List<Integer> dims() {
        return switch (rank) {
            case 0 -> List.of();
            case 1 -> List.of(rows);
            default -> List.of(rows, cols);
        };
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
