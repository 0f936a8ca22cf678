package dev.gradus.runtime.kernel;

/**
 * Each thread's rows of scratch for the plain kernels: separate arrays, each starting at index 0.
 * HotSpot's C2 vectorizes a loop only when every array access in it has the same loop-invariant
 * part of its index: {@code acc[i] += a * w[i]} over two arrays is vectorized,
 * {@code y[d + i] += a * w[r + i]} with different offsets {@code d} and {@code r} is not (JDK 17
 * drops such accesses from its vector packs; JDK 21 to 25 cannot rule out that the two overlap).
 * So the plain kernels copy the rows they reuse into these arrays and compute there. The rows are
 * allocated when a thread first needs them (or more of them), then reused: once warm, a kernel
 * call allocates nothing.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private float[][] floats = new float[0][];
    private double[][] doubles = new double[0][];
    private float[] packedFloats = new float[0];
    private double[] packedDoubles = new double[0];

    private Scratch() {}

    /** At least {@code count} float arrays of at least {@code n} elements each, for this thread. */
    static float[][] floatRows(int count, int n) {
        Scratch s = LOCAL.get();
        float[][] rows = s.floats;
        if (rows.length < count) {
            rows = java.util.Arrays.copyOf(rows, count);
            s.floats = rows;
        }
        for (int k = 0; k < count; k++) {
            if (rows[k] == null || rows[k].length < n) {
                rows[k] = new float[n];
            }
        }
        return rows;
    }

    /** At least {@code count} double arrays of at least {@code n} elements each, for this thread. */
    static double[][] doubleRows(int count, int n) {
        Scratch s = LOCAL.get();
        double[][] rows = s.doubles;
        if (rows.length < count) {
            rows = java.util.Arrays.copyOf(rows, count);
            s.doubles = rows;
        }
        for (int k = 0; k < count; k++) {
            if (rows[k] == null || rows[k].length < n) {
                rows[k] = new double[n];
            }
        }
        return rows;
    }

    /** This thread's array of at least {@code n} floats for a GEMM's packed rows of A, apart from the {@link #floatRows}. */
    static float[] packedFloats(int n) {
        Scratch s = LOCAL.get();
        if (s.packedFloats.length < n) {
            s.packedFloats = new float[n];
        }
        return s.packedFloats;
    }

    /** This thread's array of at least {@code n} doubles for a GEMM's packed rows of A, apart from the {@link #doubleRows}. */
    static double[] packedDoubles(int n) {
        Scratch s = LOCAL.get();
        if (s.packedDoubles.length < n) {
            s.packedDoubles = new double[n];
        }
        return s.packedDoubles;
    }
}
