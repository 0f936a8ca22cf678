package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void everyIndexIsDoneOnceAndTheCallerAllocatesNothing() {
        Workers w = Workers.forBatch(64, 1_000_000, 4);
        int[] hits = new int[64];
        Workers.Range mark = (from, to) -> {
            for (int i = from; i < to; i++) {
                hits[i]++;
            }
        };
        for (int round = 0; round < 1000; round++) {
            w.run(mark, 64, 4);
        }
        assertThat(hits).containsOnly(1000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long allocated = -1;
        for (int attempt = 0; attempt < 5 && allocated != 0; attempt++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int round = 0; round < 10_000; round++) {
                w.run(mark, 64, 4);
            }
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        assertThat(allocated).isZero();
    }

    @Test
    void aThreadRangeIsToldItsThreadAndNoIndexRunsTwiceAtOnce() {
        Workers w = Workers.forBatch(64, 1_000_000, 4);
        java.util.concurrent.atomic.AtomicIntegerArray running = new java.util.concurrent.atomic.AtomicIntegerArray(4);
        java.util.concurrent.atomic.AtomicInteger clashes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger outside = new java.util.concurrent.atomic.AtomicInteger();
        int[] hits = new int[64];
        Workers.ThreadRange mark = (from, to, thread) -> {
            if (thread < 0 || thread >= 4) {
                outside.incrementAndGet();
                return;
            }
            if (running.getAndIncrement(thread) != 0) {
                clashes.incrementAndGet();
            }
            for (int i = from; i < to; i++) {
                hits[i]++;
            }
            running.decrementAndGet(thread);
        };
        for (int round = 0; round < 2000; round++) {
            w.run(mark, 64, 4);
        }
        assertThat(outside.get()).as("indices outside 0..3").isZero();
        assertThat(clashes.get()).as("chunks run at once with the same index").isZero();
        assertThat(hits).containsOnly(2000);
    }

    @Test
    void aFailureInTheHelperReachesTheCaller() {
        Workers w = Workers.forBatch(64, 1_000_000, 4);
        assertThatThrownBy(() -> w.run((from, to) -> {
            if (from > 0) {
                throw new IllegalStateException("helper failed");
            }
        }, 64, 4)).hasMessage("helper failed");
    }

    @Test
    void theThreadCountComesFromThePropertyOrTheCores() {
        String old = System.getProperty(Workers.THREADS);
        try {
            System.setProperty(Workers.THREADS, "3");
            assertThat(Workers.defaultThreads()).isEqualTo(3);
            assertThat(Workers.forBatch(64, 1_000_000).threads()).isEqualTo(3);
            System.setProperty(Workers.THREADS, "1");
            assertThat(Workers.forBatch(64, 1_000_000)).as("one thread: no workers").isNull();
            // --verbose says why a trainer runs on one thread: the property asked for it
            assertThat(Workers.describe(null)).endsWith("gradus threads: 1 (-Dgradus.threads=1)");
            System.setProperty(Workers.THREADS, "many");
            assertThat(Workers.defaultThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
            System.setProperty("gradus.serial", "true");
            assertThat(Workers.describe(null)).endsWith("gradus threads: 1 (-Dgradus.serial=true)");
        } finally {
            System.clearProperty("gradus.serial");
            if (old == null) {
                System.clearProperty(Workers.THREADS);
            } else {
                System.setProperty(Workers.THREADS, old);
            }
        }
    }

    @Test
    void aCountSetByThePropertyRunsEveryStep() {
        String old = System.getProperty(Workers.THREADS);
        try {
            System.setProperty(Workers.THREADS, "3");
            assertThat(Workers.forBatch(64, 1_000_000).describe()).contains("a step on 3 threads (-Dgradus.threads");
            Workers chooser = Workers.forBatch(64, 1_000_000, 3);
            assertThat(chooser.describe()).as("Trainer.threads(n): at most n, measured; a fresh one has measured nothing yet")
                    .contains("a step on 3 threads (being measured, ms a step: 1=- 2=- 3=-)").doesNotContain("repeats it");
            double[] sink = new double[64];
            Workers.Range work = (from, to) -> {
                for (int i = from; i < to; i++) {
                    for (int r = 0; r < 200; r++) {
                        sink[i] = Math.sqrt(sink[i] + r);
                    }
                }
            };
            for (int round = 0; round < 100_000 && !chooser.describe().contains("(measured"); round++) {
                for (int step = 0; step < 10; step++) {
                    chooser.run(work, 64, 4);
                }
            }
            assertThat(chooser.describe()).as("once the counts were compared")
                    .containsPattern("a step on (\\d+) threads? \\(measured, ms a step:[^)]*; -Dgradus.threads=\\1 repeats it\\)");
            assertThat(Workers.forBatch(64, 1_000_000).describe()).as("pinned: nothing to repeat").doesNotContain("repeats it");
        } finally {
            if (old == null) {
                System.clearProperty(Workers.THREADS);
            } else {
                System.setProperty(Workers.THREADS, old);
            }
        }
        // A pinned count never tries windows on fewer threads; a measured one does, from the start.
        Workers.Range task = (from, to) -> { };
        for (boolean pinned : new boolean[] {true, false}) {
            Sharing sharing = new Sharing(3, pinned);
            int kind = sharing.kind(task);
            int fewer = 0;
            for (int cycle = 0; cycle < 2_000; cycle++) {
                int threads = sharing.threadsFor(task, kind);
                fewer += threads < 3 ? 1 : 0;
                sharing.record(kind, threads, 1_000_000L); // 1 ms whatever the count: no task is too small
            }
            if (pinned) {
                assertThat(fewer).as("cycles on fewer than the 3 threads set").isZero();
            } else {
                assertThat(fewer).as("cycles a measured pool ran on fewer threads").isPositive();
            }
        }
    }

    @Test
    void rngIsTheSameForTheSameSeed() {
        Rng a = new Rng(5);
        Rng b = new Rng(5);
        for (int i = 0; i < 100; i++) {
            assertThat(a.normal(0, 1)).isEqualTo(b.normal(0, 1));
        }
        assertThat(new Rng(5).nextDouble()).isNotEqualTo(new Rng(6).nextDouble());
    }
}
