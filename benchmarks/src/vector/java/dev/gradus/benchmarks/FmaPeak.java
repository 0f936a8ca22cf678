package dev.gradus.benchmarks;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float FMA peak, measured: every thread runs twelve independent chains of fused
 * multiply-adds on the widest vectors the JVM offers, from registers only, and the best of a few
 * rounds counts. compare.sh divides each workload's GFLOP/s by this for its {@code peak} column;
 * a nominal peak (cores x 2 FMA units x lanes x 2 x the clock lscpu names) was 1.45 times too low on
 * the 2-core AMD EPYC (its base clock, 2.1 GHz, against the ~3.3 GHz the cores ran at), which made
 * every share 1.45 times too high. Usage: FmaPeak [THREADS, default every core]. Prints GFLOP/s.
 */
public final class FmaPeak {
    private FmaPeak() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < 20; i++) {
            chains(200_000, i); // C2 compiles chains before the rounds that count
        }
        long iterations = 20_000_000L;
        double best = 0;
        // Ten rounds of ~70 ms: with three, a run on 2 cores read 116 GFLOP/s where the next read 226 (C2 still
        // compiling on one core while the first rounds ran, or the host busy for a moment).
        for (int round = 0; round < 10; round++) {
            Thread[] ts = new Thread[threads];
            float[] sink = new float[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int me = t;
                ts[t] = new Thread(() -> sink[me] = chains(iterations, me));
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, threads * (double) iterations * CHAINS * S.length() * 2 / seconds / 1e9);
            if (sink[0] == 42) {
                System.err.println(); // keeps the sums alive
            }
        }
        System.out.printf(Locale.ROOT, "%.1f%n", best);
    }

    /** Twelve independent FMA chains, {@code iterations} steps each: enough in flight to fill two FMA units of four-cycle latency. */
    private static float chains(long iterations, int seed) {
        FloatVector a = FloatVector.broadcast(S, 0.999f);
        FloatVector b = FloatVector.broadcast(S, 0.001f);
        FloatVector s0 = FloatVector.broadcast(S, seed), s1 = s0.add(1), s2 = s0.add(2), s3 = s0.add(3);
        FloatVector s4 = s0.add(4), s5 = s0.add(5), s6 = s0.add(6), s7 = s0.add(7);
        FloatVector s8 = s0.add(8), s9 = s0.add(9), s10 = s0.add(10), s11 = s0.add(11);
        for (long i = 0; i < iterations; i++) {
            s0 = s0.fma(a, b); s1 = s1.fma(a, b); s2 = s2.fma(a, b); s3 = s3.fma(a, b);
            s4 = s4.fma(a, b); s5 = s5.fma(a, b); s6 = s6.fma(a, b); s7 = s7.fma(a, b);
            s8 = s8.fma(a, b); s9 = s9.fma(a, b); s10 = s10.fma(a, b); s11 = s11.fma(a, b);
        }
        return s0.add(s1).add(s2).add(s3).add(s4).add(s5).add(s6).add(s7).add(s8).add(s9).add(s10).add(s11)
                .reduceLanes(VectorOperators.ADD);
    }
}
