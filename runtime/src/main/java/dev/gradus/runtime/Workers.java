package dev.gradus.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * Splits a batch's examples between the calling thread and one helper thread, without allocating:
 * the caller takes the first part, the helper the rest, and the caller waits for it. The helper
 * spins briefly between tasks (a training step hands it several in a row), then parks, and ends
 * after a while without work; it is started again when needed.
 */
public final class Workers {

    /** Work on examples (or rows) {@code from} to {@code to - 1}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final long SPIN_NANOS = 2_000_000L;
    private static final long IDLE_NANOS = 10_000_000_000L;

    private volatile Range task;
    private volatile int from;
    private volatile int to;
    private volatile long posted;
    private volatile long finished;
    private volatile Throwable failure;
    private volatile Thread helper;

    private Workers() {}

    /**
     * Workers for a trainer, or null when a second thread would not pay: one core, small batches, or
     * little work per example ({@code flopsPerExample} about 6 x weights).
     */
    public static Workers forBatch(int maxBatch, long flopsPerExample) {
        boolean worth = Runtime.getRuntime().availableProcessors() > 1 && maxBatch >= 16
                && flopsPerExample * maxBatch >= 4_000_000L && !Boolean.getBoolean("gradus.serial");
        return worth ? new Workers() : null;
    }

    /**
     * Runs {@code range} over {@code 0..n-1}, split in two at a multiple of {@code grain}; returns when
     * both parts are done. Results do not depend on the split: every element is computed by one thread.
     */
    public void run(Range range, int n, int grain) {
        int half = (n / 2 + grain - 1) / grain * grain;
        if (half <= 0 || half >= n) {
            range.run(0, n);
            return;
        }
        long generation;
        Thread h;
        synchronized (this) { // the helper quits only under this lock, so it cannot miss a task posted here
            h = helper;
            if (h == null) {
                h = new Thread(this::serve, "gradus-worker");
                h.setDaemon(true);
                helper = h;
                h.start();
            }
            task = range;
            from = half;
            to = n;
            failure = null;
            generation = posted + 1;
            posted = generation;
        }
        LockSupport.unpark(h);
        range.run(0, half);
        while (finished != generation) {
            Thread.onSpinWait();
        }
        task = null;
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        } else if (f instanceof Error e) {
            throw e;
        }
    }

    private void serve() {
        long seen = finished;
        long idleSince = System.nanoTime();
        while (true) {
            long generation = posted;
            if (generation != seen) {
                try {
                    task.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                }
                seen = generation;
                finished = generation;
                idleSince = System.nanoTime();
                continue;
            }
            long idle = System.nanoTime() - idleSince;
            if (idle < SPIN_NANOS) {
                Thread.onSpinWait();
            } else if (idle < IDLE_NANOS) {
                LockSupport.parkNanos(this, 1_000_000L);
            } else {
                synchronized (this) {
                    if (posted == seen) {
                        helper = null;
                        return;
                    }
                }
            }
        }
    }
}
