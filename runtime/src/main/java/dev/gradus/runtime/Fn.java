package dev.gradus.runtime;

/**
 * The elementwise functions generated trainers call, in double and float. Each is the formula
 * PyTorch uses (relu'(0) = 0, logs clamped at -100 in bce, stable softplus and bce_logits).
 */
public final class Fn {
    private Fn() {}

    /**
     * How often (in optimizer steps) trainers flush their optimizer state's subnormal numbers to
     * zero ({@link #flushSubnormals(float[])}): what flush-to-zero does on CPUs that have it (XLA
     * sets it; PyTorch with {@code torch.set_flush_denormal(True)}). Java cannot set the CPU's flag,
     * and Intel cores compute on subnormals in microcode, about 100 times slower: a state that decays
     * geometrically (Adam's {@code v} by 0.999 a step once its gradient vanishes) would spend about
     * 16,000 steps there; flushed, at most this many. Not in every update: a conditional in the update
     * loop stops C2 from vectorizing it (8 to 20 times slower on JDK 17), and a pass every 64 steps
     * costs a sixty-fourth of one.
     */
    public static final int FLUSH_STEPS = 64;

    /** {@code x}, or 0 when it is subnormal (nonzero and below the smallest normal number in magnitude). */
    public static double flush(double x) { return Math.abs(x) < Double.MIN_NORMAL ? 0 : x; }
    public static float flush(float x) { return Math.abs(x) < Float.MIN_NORMAL ? 0 : x; }

    /**
     * Sets the subnormal numbers of {@code a[from..to-1]} to 0 (and -0 to 0). Without a branch: a
     * value whose exponent bits are all zero is masked to +0, the others kept. An {@code if} here
     * mispredicts on an optimizer state that mixes zeros and normal numbers (a dead unit's weights
     * beside live ones) and ran twelve times slower than these integer operations, which C2 vectorizes.
     */
    public static void flushSubnormals(float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            int bits = Float.floatToRawIntBits(a[i]);
            // exponent 0: (0 - 1) >> 31 is all ones, its complement clears every bit; else it keeps them
            a[i] = Float.intBitsToFloat(bits & ~(((bits & 0x7F80_0000) - 1) >> 31));
        }
    }

    public static void flushSubnormals(double[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            long bits = Double.doubleToRawLongBits(a[i]);
            a[i] = Double.longBitsToDouble(bits & ~(((bits & 0x7FF0_0000_0000_0000L) - 1) >> 63));
        }
    }

    /** Sets the subnormal numbers of {@code a} to 0. */
    public static void flushSubnormals(float[] a) { flushSubnormals(a, 0, a.length); }
    public static void flushSubnormals(double[] a) { flushSubnormals(a, 0, a.length); }

    public static double exp(double x) { return Math.exp(x); }
    public static float exp(float x) { return (float) expForFloat(widen(x)); }

    private static final double LOG2_E = 1.4426950408889634;
    private static final double LN_2 = 0.6931471805599453;

    /**
     * {@code (double) x}, built from the float's bits for normal numbers: the same value, without the
     * conversion instruction. JDK 17's C2 emits {@code vcvtss2sd} with its destination as the register
     * whose upper bits it keeps, so the conversion waits for whatever last wrote that register: in a
     * loop of tanh over a layer's units, the previous unit's whole tanh (measured on a Xeon with
     * AVX-512: 20 ns a tanh instead of 6, and the 2-8-1 xor net at 0.94 instead of 1.57 million steps
     * a second; later JDKs break the dependency themselves). Zero, subnormals, infinities and NaN take
     * the conversion. Used where a float function computes in double and C2 cannot vectorize the loop
     * anyway (a conversion in a loop C2 vectorizes, as in sqrt, stays a conversion).
     */
    static double widen(float x) {
        int bits = Float.floatToRawIntBits(x);
        int exponent = (bits >>> 23) & 0xFF;
        if (exponent == 0 || exponent == 0xFF) {
            return x;
        }
        // sign to bit 63, the exponent rebiased from 127 to 1023, the 23 fraction bits to the top of 52
        return Double.longBitsToDouble((long) (bits & 0x8000_0000) << 32 | (long) (exponent + 896) << 52
                | (long) (bits & 0x7F_FFFF) << 29);
    }

    /**
     * e^x to a relative error under 3e-10, far below a float's rounding (6e-8): what float trainers
     * compute exp, sigmoid and tanh with. {@code (float) Math.exp(x)} took 13.5 ns here (Java's exp
     * is accurate to a double's last bit), a cross-entropy step computes two exps a logit, and they
     * were half of a 64-32-10 classifier's step; this takes 4. Rounded to float it equals
     * {@code (float) Math.exp(x)} but for about one argument in 60,000, which it misses by one unit in
     * the last place ({@code FnTest} sweeps the float range). How: x = n ln 2 + r with n an integer and
     * |r| at most ln 2 / 2, e^r by its Taylor polynomial to r⁸ (the next term is below 2e-10; Estrin's
     * scheme), and 2ⁿ put into the exponent bits. Infinity above 700, 0 below -700, NaN for NaN.
     */
    public static double expForFloat(double x) {
        if (x > 700) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < -700) {
            return 0;
        }
        double n = Math.rint(x * LOG2_E);
        double r = x - n * LN_2;
        // Estrin's scheme, not Horner's: the same polynomial in 4 dependent steps of multiply-add, not 8.
        // A step of a small net is chains of these (tanh, then sigmoid, then a log, per example), and
        // they wait on latency: the 2-8-1 xor net took 1.09-1.11 times the steps a second (in one JVM).
        double r2 = r * r;
        double r4 = r2 * r2;
        double p = (1 + r + r2 * (1.0 / 2 + r * (1.0 / 6)))
                + r4 * ((1.0 / 24 + r * (1.0 / 120) + r2 * (1.0 / 720 + r * (1.0 / 5040))) + r4 * (1.0 / 40320));
        return p * Double.longBitsToDouble((long) (n + 1023) << 52); // NaN: (long) NaN is 0, and NaN times 0 is NaN
    }
    public static double log(double x) { return Math.log(x); }
    public static float log(float x) { return (float) Math.log(x); }
    public static double sqrt(double x) { return Math.sqrt(x); }
    public static float sqrt(float x) { return (float) Math.sqrt(x); }
    public static double abs(double x) { return Math.abs(x); }
    public static float abs(float x) { return Math.abs(x); }
    public static double sin(double x) { return Math.sin(x); }
    public static float sin(float x) { return (float) Math.sin(x); }
    public static double cos(double x) { return Math.cos(x); }
    public static float cos(float x) { return (float) Math.cos(x); }
    public static double tanh(double x) { return Math.tanh(x); }

    /**
     * tanh in float through {@link #expForFloat} (Math.tanh is several times slower); accurate to well
     * under a float's rounding, with a Taylor polynomial near zero.
     */
    public static float tanh(float x) {
        double d = widen(x);
        if (Math.abs(d) < 0.03) {
            return tanhNearZero(d);
        }
        return tanhOfExp(expForFloat(2 * d));
    }

    /**
     * {@link #tanh(float)} given {@code e2x}, e^(2x) as {@code expForFloat(2 * (double) x)} or the
     * kernels' {@code expForFloat} compute it: what a float trainer computes a batch's tanh with, its
     * exps in one kernel call.
     */
    public static float tanh(float x, double e2x) {
        double d = widen(x);
        return Math.abs(d) < 0.03 ? tanhNearZero(d) : tanhOfExp(e2x);
    }

    private static float tanhNearZero(double d) {
        double d2 = d * d;
        return (float) (d * (1 - d2 / 3 * (1 - 0.4 * d2)));
    }

    private static float tanhOfExp(double e2x) {
        return (float) (1 - 2 / (e2x + 1));
    }

    public static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }
    public static float sigmoid(float x) { return sigmoidOfExp(expForFloat(-widen(x))); }

    /**
     * {@link #sigmoid(float)} given e^(-x) as {@code expForFloat(-(double) x)} or the kernels' {@code expForFloat}
     * compute it. Below the smallest normal float (x under about -87.3) it is 0, not subnormal: a float
     * trainer's activations never take Intel's microcode path, as with flush-to-zero (XLA's setting).
     */
    public static float sigmoidOfExp(double eMinusX) {
        return flush((float) (1 / (1 + eMinusX)));
    }
    /** Math.max rather than a comparison: C2 turns it into vector max instructions, a branch mispredicts on half the values. */
    public static double relu(double x) { return Math.max(x, 0); }
    public static float relu(float x) { return Math.max(x, 0f); }
    public static double softplus(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
    public static float softplus(float x) { return (float) softplus((double) x); }
    public static double square(double x) { return x * x; }
    public static float square(float x) { return x * x; }
    /**
     * The unit step, relu's derivative (the IR calls it step; the name step is taken by trainers): 1
     * for {@code x > 0}, 0 for {@code x <= 0} (and NaN for NaN). Without a comparison, so C2 vectorizes it; a branch
     * mispredicts on half of a layer's values (0.97 against 0.19 ns an element here). The two
     * multiplications take the smallest positive subnormal to at least 1 (one would overflow to
     * infinity for large x, which min also takes to 1).
     */
    public static double heaviside(double x) { return Math.min(Math.max(x, 0d) * 0x1p1023 * 0x1p1023, 1d); }
    public static float heaviside(float x) { return Math.min(Math.max(x, 0f) * 0x1p127f * 0x1p127f, 1f); }
    public static double sign(double x) { return Math.signum(x); }
    public static float sign(float x) { return Math.signum(x); }
    public static double leaky_relu(double x, double slope) { return x > 0 ? x : slope * x; }
    public static float leaky_relu(float x, float slope) { return x > 0 ? x : slope * x; }
    public static double leaky_step(double x, double slope) { return x > 0 ? 1 : slope; }
    public static float leaky_step(float x, float slope) { return x > 0 ? 1 : slope; }
    public static double elu(double x, double alpha) { return x > 0 ? x : alpha * Math.expm1(x); }
    public static float elu(float x, float alpha) { return x > 0 ? x : (float) (alpha * Math.expm1(x)); }
    public static double pow(double a, double b) { return Math.pow(a, b); }
    public static float pow(float a, float b) { return (float) Math.pow(a, b); }
    public static double max(double a, double b) { return Math.max(a, b); }
    public static float max(float a, float b) { return Math.max(a, b); }
    public static double min(double a, double b) { return Math.min(a, b); }
    public static float min(float a, float b) { return Math.min(a, b); }
    public static double gt(double a, double b) { return a > b ? 1 : 0; }
    public static float gt(float a, float b) { return a > b ? 1 : 0; }
    public static double eq(double a, double b) { return a == b ? 1 : 0; }
    public static float eq(float a, float b) { return a == b ? 1 : 0; }

    public static double bce(double p, double y) {
        return -(y * Math.max(Math.log(p), -100) + (1 - y) * Math.max(Math.log(1 - p), -100));
    }

    public static float bce(float p, float y) {
        return (float) bce((double) p, (double) y);
    }

    public static double bce_logits(double z, double y) {
        return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    public static float bce_logits(float z, float y) {
        return (float) bce_logits((double) z, (double) y);
    }

    /**
     * {@code dropout(x, p)}: with {@code on} (a training step), {@code x / (1 - p)} where the element
     * is kept and {@code x * 0} where it is dropped ({@link #dropoutFactor}); otherwise (evaluation,
     * prediction, a gradient check) {@code x} unchanged. The backward pass multiplies the gradient by
     * the same factor, drawn again from the same arguments.
     */
    public static double dropout(double x, boolean on, long key, int site, int example, int element, double p) {
        return on ? x * dropoutFactor(key, site, example, element, p) : x;
    }

    public static float dropout(float x, boolean on, long key, int site, int example, int element, double p) {
        return on ? x * (float) dropoutFactor(key, site, example, element, p) : x;
    }

    /**
     * {@code 1 / (1 - p)} if element {@code element} of example {@code example} (its position in the
     * batch) of dropout call {@code site} is kept in the step whose key is {@code key}
     * ({@link #dropoutKey}), else 0: kept when a uniform draw in [0, 1) is at least {@code p}. The draw
     * is counter-based (SplitMix64's output number {@code (example, element)} of a stream seeded by the
     * key and the call), so it needs no state: the same on any number of threads, in any order, and
     * without allocating.
     */
    public static double dropoutFactor(long key, int site, int example, int element, double p) {
        long stream = mix64(key + (site + 1L) * 0x9E3779B97F4A7C15L);
        long counter = ((long) example << 32 | element & 0xFFFF_FFFFL) + 1;
        double u = (mix64(stream + counter * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
        return u >= p ? 1 / (1 - p) : 0;
    }

    /** The key of a training step's dropout masks, from the trainer's seed and its optimizer step count. */
    public static long dropoutKey(long seed, long step) {
        return mix64(mix64(seed + 0x632BE59BD9B4E019L) + (step + 1) * 0x9E3779B97F4A7C15L);
    }

    /** SplitMix64's output function: a bijection of 64-bit numbers that mixes every bit into every other. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
