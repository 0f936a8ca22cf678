package dev.gradus.runtime;

/**
 * A small seeded generator (SplitMix64) for initialization and shuffling: the same seed gives the
 * same numbers on every JVM. Normal draws use Box-Muller.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public double uniform(double a, double b) {
        return a + (b - a) * nextDouble();
    }

    public double normal(double mean, double std) {
        double u1 = 1 - nextDouble();
        double u2 = nextDouble();
        return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return (int) ((nextLong() >>> 1) % bound);
    }

    /** Shuffles in place (Fisher-Yates); allocates nothing. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
