package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Trainer;
import java.util.function.Consumer;

/**
 * What the thread-count tests share: a trainer trained from the same seed on 1, 2, 3 and 8 threads
 * must end with bit-identical parameters (a generated trainer's sums never depend on how its work
 * is split).
 */
final class ThreadRuns {
    /** The thread counts every such test trains on: one, an even and an odd split, and more threads than cores. */
    static final int[] THREADS = {1, 2, 3, 8};

    private ThreadRuns() {}

    /** The trainer's parameters, flat. */
    static double[] parameters(Trainer t) {
        double[] p = new double[t.parameterSize()];
        t.getParameters(p);
        return p;
    }

    /** The parameters after {@code initialize(seed)} and {@code training} on {@code threads} threads. */
    static double[] parametersAfter(Trainer t, int threads, long seed, Consumer<Trainer> training) {
        t.threads(threads);
        assertThat(t.threads()).isEqualTo(threads);
        t.initialize(seed);
        training.accept(t);
        return parameters(t);
    }

    /**
     * Asserts that every trainer, trained from {@code seed} on each of {@link #THREADS}, ends with the
     * parameters of the first run; returns them.
     */
    static double[] sameOnEveryThreadCount(Object what, long seed, Consumer<Trainer> training, Trainer... trainers) {
        double[] reference = null;
        for (Trainer t : trainers) {
            for (int threads : THREADS) {
                double[] p = parametersAfter(t, threads, seed, training);
                if (reference == null) {
                    reference = p;
                } else {
                    assertThat(p).as("%s parameters after training on %d threads (%s)", what, threads, t.describeExecution())
                            .isEqualTo(reference);
                }
            }
        }
        return reference;
    }

    /**
     * {@code epochs} passes over examples {@code 0..examples-1} of {@code data} in batches of {@code batch},
     * each pass followed by a batch that does not divide evenly, {@code raggedCount} examples from {@code raggedFrom}.
     */
    static Consumer<Trainer> epochs(DataSet data, int epochs, int batch, int examples, int raggedFrom, int raggedCount) {
        return t -> {
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int from = 0; from + batch <= examples; from += batch) {
                    t.step(data, null, from, batch);
                }
                t.step(data, null, raggedFrom, raggedCount);
            }
        };
    }
}
