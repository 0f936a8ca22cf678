package dev.gradus.runtime.kernel;
// Generated from ExpFloat256.java by runtime/src/vector/generate.sh: edit that file and run the script.

import dev.gradus.runtime.Fn;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Fn#expForFloat} in lanes of 512 bits: the same steps in the same order, so every result has
 * the same bits, and rounded to float is {@link Fn#exp(float)} ({@code ExpKernelTest} sweeps the float
 * range). Java 17's JIT vectorizes no exp; a softmax cross-entropy step computes two for each class of
 * each example (mlp64's 640 were a quarter of its step on an Intel Xeon). {@code Math.rint} has no
 * lane operation: adding and subtracting 1.5 · 2⁵² rounds to an integer the same way, half to even,
 * and the sum's low bits are that integer, from which the power of two's bits are made.
 * {@code generate.sh} writes the 512-bit twin from this file.
 *
 * <p>Doubles in, doubles out: the trainer widens and rounds the floats in its own loops. Java 17's
 * JIT kept the Vector API's float-double conversions only as long as no other float species ran in
 * the JVM: with half-width floats beside the kernels' own, C2 lost track of which species the GEMMs'
 * vectors were and their packing allocated (the allocation test), and conversions of a vector's
 * halves were left as calls once the trainer ran. For the same reason every constant is a vector
 * made before the loop, not a scalar operand.
 */
final class ExpFloat512 {
    private ExpFloat512() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Long> S = LongVector.SPECIES_512;
    private static final int L = D.length();
    private static final double ROUND = 0x1.8p52;
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    private static final double LOG2_E = 1.4426950408889634;
    private static final double LN_2 = 0.6931471805599453;

    /**
     * {@code x[xOff + k] = Fn.expForFloat(x[xOff + k])} for k below n. One method: vectors passed to a
     * call C2 does not inline are boxed.
     */
    static void expForFloat(int n, double[] x, int xOff) {
        DoubleVector log2e = DoubleVector.broadcast(D, LOG2_E);
        DoubleVector ln2 = DoubleVector.broadcast(D, LN_2);
        DoubleVector round = DoubleVector.broadcast(D, ROUND);
        DoubleVector low = DoubleVector.broadcast(D, -700);
        DoubleVector high = DoubleVector.broadcast(D, 700);
        DoubleVector one = DoubleVector.broadcast(D, 1);
        DoubleVector c2 = DoubleVector.broadcast(D, 1.0 / 2);
        DoubleVector c3 = DoubleVector.broadcast(D, 1.0 / 6);
        DoubleVector c4 = DoubleVector.broadcast(D, 1.0 / 24);
        DoubleVector c5 = DoubleVector.broadcast(D, 1.0 / 120);
        DoubleVector c6 = DoubleVector.broadcast(D, 1.0 / 720);
        DoubleVector c7 = DoubleVector.broadcast(D, 1.0 / 5040);
        DoubleVector c8 = DoubleVector.broadcast(D, 1.0 / 40320);
        LongVector bias = LongVector.broadcast(S, ROUND_BITS - 1023);
        int k = 0;
        for (; k <= n - L; k += L) {
            DoubleVector z = DoubleVector.fromArray(D, x, xOff + k);
            // Fn.expForFloat returns infinity above 700 and 0 below -700 itself; clamped, these lanes give
            // e^700 and e^-700, which round to the same floats (infinity, 0) without a compare and
            // blend. NaN stays NaN.
            z = z.max(low).min(high);
            DoubleVector rounded = z.mul(log2e).add(round);
            DoubleVector r = z.sub(rounded.sub(round).mul(ln2));
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector p = r.add(one).add(r2.mul(r.mul(c3).add(c2)))
                    .add(r4.mul(r.mul(c5).add(c4).add(r2.mul(r.mul(c7).add(c6))).add(r4.mul(c8))));
            // 2ⁿ: n + 1023 in the exponent's bits; rounded's low bits are n plus ROUND's own
            LongVector exponent = ((LongVector) rounded.viewAsIntegralLanes()).sub(bias).lanewise(VectorOperators.LSHL, 52);
            p.mul((DoubleVector) exponent.viewAsFloatingLanes()).intoArray(x, xOff + k);
        }
        for (; k < n; k++) {
            x[xOff + k] = Fn.expForFloat(x[xOff + k]);
        }
    }
}
