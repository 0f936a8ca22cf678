package dev.gradus.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Shares a batch's examples (or a matrix's rows) between the calling thread and one helper thread,
 * without allocating, in a way that survives a busy machine. The range is cut into chunks at
 * multiples of the grain; the caller claims chunks from the front and the helper from the back, from
 * one atomic ticket, until they meet. Claiming from both ends keeps each thread on the same part of
 * every range from one task to the next (the caller on the first rows of a weight matrix, say, for
 * its gradient, its update and the next forward product), so what a thread wrote is still in its
 * core's cache when it reads it again; chunks claimed from one counter went to either thread at
 * random, and every step moved half the weights between the two cores' caches.
 * The caller never waits for the helper to start: if the helper is late (parked, or descheduled
 * because the machine is busy) the caller simply claims every chunk itself, and at the end it
 * waits only for the chunks the helper has already claimed. So two threads are never much slower
 * than one, and as fast as two when a second core is free. The helper spins a few microseconds
 * between tasks (a training step hands it several in a row), then parks until the next task; it
 * ends after a while without work and is started again when needed.
 * <p>
 * Results do not depend on the split or on which thread runs a chunk: every element is computed
 * by one thread, and chunk boundaries fall on multiples of the grain.
 */
public final class Workers {

    /** Work on examples (or rows) {@code from} to {@code to - 1}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Chunks per task, the most: enough to balance two threads when one of them stalls. */
    private static final int CHUNKS = 8;
    /** A chunk index that no claim accepts: the task is being replaced. */
    private static final int CLOSED = Integer.MAX_VALUE;
    private static final long GENERATION = 0xFFFF_FFFF_0000_0000L;
    private static final long SPIN_NANOS = 50_000L;
    private static final long IDLE_NANOS = 10_000_000_000L;

    /**
     * The generation (high 32 bits), one past the last unclaimed chunk (bits 16-31, the helper's end)
     * and the first unclaimed chunk (bits 0-15, the caller's end).
     */
    private final AtomicLong ticket = new AtomicLong(CLOSED);
    /** Chunks of the current generation finished, by either thread. */
    private final AtomicInteger finished = new AtomicInteger();
    private int generation;
    private volatile Range task;
    private volatile int size;
    private volatile int chunk;
    private volatile Throwable failure;
    private volatile Thread helper;
    private volatile boolean sleeping;
    /** The generation whose chunks the helper is claiming and running, or -1. */
    private volatile long inTask = -1;

    /**
     * Backing off: when the caller has waited for the helper longer than it worked itself (the
     * helper was descheduled in the middle of a chunk, as on a busy machine), the next
     * {@code backoff} tasks run on the caller alone, and the backoff doubles (up to a limit) each
     * time it happens again; a task that both threads ran without such a wait halves it. So a busy
     * machine costs at most a few stalled tasks now and then instead of one every step.
     */
    private static final int FIRST_BACKOFF = 16;
    private static final int MAX_BACKOFF = 1 << 14;
    private int backoff = FIRST_BACKOFF;
    private int aloneFor;

    /**
     * Whether two threads pay, measured for each kind of task (a trainer's tasks are fixed Range
     * objects: its forward examples, a weight's gradient rows, its update...). Some do not: an
     * optimizer update of rows the other core read in the forward pass spends its time moving cache
     * lines between the cores (55 µs on two threads against 15 on one for the 784-128-10 MLP here).
     * Each kind runs its first tasks alternately on one and on two threads, then the way that took
     * fewer nanoseconds an element ({@link #cost}), trying the other way again every
     * {@link #RECHECK} tasks. Kinds beyond {@link #KINDS} are always shared.
     */
    private static final int KINDS = 16;
    private static final int EXPLORE = 8;
    private static final int RECHECK = 32;
    private final Range[] kinds = new Range[KINDS];
    private final double[] aloneCost = new double[KINDS];
    private final double[] sharedCost = new double[KINDS];
    private final int[] runs = new int[KINDS];
    /**
     * Whether two threads pay at all, measured on what matters, the throughput of the whole run. A
     * trainer's tasks come in a fixed cycle, one a step (its first task marks where a step begins);
     * cycles go in windows of {@link #CYCLES}, each window either shared (as the measures above
     * decide) or run by the caller alone, and a window's wall time includes the serial code between
     * the tasks and what one task's split costs the next (cache lines that moved between the cores).
     * The next window runs the way whose windows took less time ({@link #cost}), sharing only
     * when that saves at least 3%; a window now and then runs the other way, so the choice follows a
     * machine that becomes busy or idle: after {@link #REVISIT} windows, twice as many after each
     * such window that confirmed the choice (up to {@link #MAX_REVISIT}). The first window (which
     * starts the helper while the JIT compiles) and one three times longer than the faster way's
     * (the trainer was idle between steps) are not counted.
     */
    private static final int CYCLES = 16;
    private static final int REVISIT = 8;
    private static final int MAX_REVISIT = 64;
    private int revisitEvery = REVISIT;
    private int sinceRevisit;
    private boolean preferShared = true;
    private static final double MARGIN = 0.97;
    private Range first;
    private int windowCycles;
    private long windowStart;
    private boolean windowShared = true;
    private int windows;
    private double aloneWindow;
    private double sharedWindow;

    /** False only in tests: the helper never comes, as on a machine too busy to schedule it. */
    private final boolean helped;

    private Workers(boolean helped) {
        this.helped = helped;
    }

    /** Workers whose helper never starts, standing for one that the machine never schedules (tests). */
    static Workers withoutHelper() {
        return new Workers(false);
    }

    /**
     * Workers for a trainer, or null when a second thread would not pay: one core, small batches, or
     * little work per example ({@code flopsPerExample} about 6 x weights).
     */
    public static Workers forBatch(int maxBatch, long flopsPerExample) {
        boolean worth = Runtime.getRuntime().availableProcessors() > 1 && maxBatch >= 16
                && flopsPerExample * maxBatch >= 4_000_000L && !Boolean.getBoolean("gradus.serial");
        return worth ? new Workers(true) : null;
    }

    /**
     * Runs {@code range} over {@code 0..n-1} in chunks whose bounds are multiples of {@code grain},
     * on this thread and, if it comes in time, the helper; returns when every chunk is done. A
     * failure in either thread is thrown here once both have stopped working on this task.
     */
    public void run(Range range, int n, int grain) {
        boolean share = windowShares(range);
        int perChunk = Math.max(grain, (n + CHUNKS - 1) / CHUNKS + grain - 1) / grain * grain;
        if (!share || n <= perChunk || grain <= 0 || aloneFor > 0) {
            aloneFor = Math.max(0, aloneFor - 1);
            range.run(0, n);
            return;
        }
        int kind = kind(range);
        if (kind >= 0 && !shareNext(kind)) {
            long t0 = System.nanoTime();
            range.run(0, n);
            aloneCost[kind] = cost(aloneCost[kind], (double) (System.nanoTime() - t0) / n);
            return;
        }
        int count = (n + perChunk - 1) / perChunk;
        long gen = (long) ++generation << 32;
        ticket.set(gen | CLOSED); // a late helper that read the old task can no longer claim from it
        task = range;
        size = n;
        chunk = perChunk;
        failure = null;
        finished.set(0);
        ticket.set(gen | (long) count << 16);
        wakeHelper();
        long started = System.nanoTime();
        Throwable mine = null;
        int ran = 0;
        try {
            for (int c = claim(gen, false); c >= 0; c = claim(gen, false)) {
                range.run(c * perChunk, Math.min(n, (c + 1) * perChunk));
                finished.incrementAndGet();
                ran++;
            }
        } catch (RuntimeException | Error e) {
            mine = e;
            ticket.set(gen | CLOSED);
        }
        // Every chunk is claimed now. Wait for the ones the helper is running: it claims only inside
        // work(), with inTask set to this generation until its last chunk is counted.
        long worked = System.nanoTime();
        int spins = 0;
        while (finished.get() < count && inTask == gen) {
            if (++spins > 1_000) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        task = null;
        long ended = System.nanoTime();
        if (ran < count) {
            judge(ended - worked, worked - started);
        }
        if (kind >= 0) {
            sharedCost[kind] = cost(sharedCost[kind], (double) (ended - started) / n);
        }
        Throwable f = mine != null ? mine : failure;
        if (f instanceof RuntimeException r) {
            throw r;
        } else if (f instanceof Error e) {
            throw e;
        }
    }

    /** Counts a cycle into the current window at its first task, closing the window when full ({@link #CYCLES}); whether this task may be shared. */
    private boolean windowShares(Range range) {
        if (first == null) {
            first = range;
        }
        if (range == first) {
            long now = System.nanoTime();
            if (windowCycles == CYCLES) {
                closeWindow(now - windowStart);
                windowCycles = 0;
            }
            if (windowCycles++ == 0) {
                windowStart = now;
            }
        }
        return windowShared || !helped;
    }

    private void closeWindow(double took) {
        double fastest = Math.min(aloneWindow == 0 ? took : aloneWindow, sharedWindow == 0 ? took : sharedWindow);
        if (windows++ > 0 && took <= 3 * fastest) { // the first window started the helper and the JIT's work
            if (windowShared) {
                sharedWindow = cost(sharedWindow, took);
            } else {
                aloneWindow = cost(aloneWindow, took);
            }
        }
        boolean sharedPays = sharedWindow == 0 || aloneWindow == 0 ? aloneWindow != 0 : sharedWindow < MARGIN * aloneWindow;
        if (sharedPays != preferShared) {
            revisitEvery = REVISIT;
        } else if (windowShared != preferShared) { // a revisit that confirmed the choice: the next comes later
            revisitEvery = Math.min(MAX_REVISIT, 2 * revisitEvery);
        }
        preferShared = sharedPays;
        if (++sinceRevisit >= revisitEvery) {
            sinceRevisit = 0;
            windowShared = !sharedPays;
        } else {
            windowShared = sharedPays;
        }
    }

    /**
     * A way's cost after another measure: a faster one at once, a slower one half way (so a slow
     * first measure, taken while the helper started and the JIT compiled, does not stick).
     */
    private static double cost(double mean, double took) {
        return mean == 0 || took < mean ? took : (mean + took) / 2;
    }

    /** The slot of this kind of task, taking a free one the first time; -1 when all are taken. */
    private int kind(Range range) {
        for (int k = 0; k < KINDS; k++) {
            if (kinds[k] == range) {
                return k;
            }
            if (kinds[k] == null) {
                kinds[k] = range;
                return k;
            }
        }
        return -1;
    }

    /** Whether the next task of this kind runs on two threads ({@link #KINDS}). */
    private boolean shareNext(int kind) {
        int r = runs[kind];
        runs[kind] = r == Integer.MAX_VALUE ? EXPLORE : r + 1;
        if (r < EXPLORE) {
            return (r & 1) == 0;
        }
        boolean better = sharedCost[kind] <= aloneCost[kind];
        return r % RECHECK == 0 ? !better : better;
    }

    /** After a task the helper joined: backs off if the caller waited for it longer than it worked ({@link #FIRST_BACKOFF}). */
    private void judge(long waited, long worked) {
        if (waited > worked) {
            aloneFor = backoff;
            backoff = Math.min(MAX_BACKOFF, 2 * backoff);
        } else {
            backoff = Math.max(FIRST_BACKOFF, backoff / 2);
        }
    }

    /**
     * The first (or, {@code fromBack}, the last) unclaimed chunk of generation {@code gen}, now claimed
     * by this thread, or -1 when none is left.
     */
    private int claim(long gen, boolean fromBack) {
        while (true) {
            long t = ticket.get();
            int front = (int) t & 0xFFFF;
            int back = (int) (t >>> 16) & 0xFFFF;
            if ((t & GENERATION) != gen || (int) t == CLOSED || front >= back) {
                return -1;
            }
            if (ticket.compareAndSet(t, fromBack ? t - (1L << 16) : t + 1)) {
                return fromBack ? back - 1 : front;
            }
        }
    }

    private void wakeHelper() {
        if (!helped) {
            return;
        }
        Thread h = helper;
        if (h == null) {
            synchronized (this) { // the helper quits only under this lock, so a task posted here is not missed
                h = helper;
                if (h == null) {
                    h = new Thread(this::serve, "gradus-worker");
                    h.setDaemon(true);
                    helper = h;
                    h.start();
                    return;
                }
            }
        }
        if (sleeping) {
            LockSupport.unpark(h);
        }
    }

    private void serve() {
        long seen = -1;
        long idleSince = System.nanoTime();
        while (true) {
            long t = ticket.get();
            long gen = t & GENERATION;
            if (gen != seen && (int) t != CLOSED) {
                work(gen);
                seen = gen;
                idleSince = System.nanoTime();
                continue;
            }
            long idle = System.nanoTime() - idleSince;
            if (idle < SPIN_NANOS) {
                Thread.onSpinWait();
            } else if (idle < IDLE_NANOS) {
                sleeping = true;
                long again = ticket.get();
                if ((again & GENERATION) == seen || (int) again == CLOSED) {
                    LockSupport.parkNanos(this, 100_000_000L);
                }
                sleeping = false;
            } else {
                synchronized (this) {
                    long again = ticket.get();
                    if ((again & GENERATION) == seen || (int) again == CLOSED) {
                        helper = null;
                        return;
                    }
                }
            }
        }
    }

    /** Claims and runs chunks of generation {@code gen} until none is left or the task changed. */
    private void work(long gen) {
        Range r = task;
        int n = size;
        int perChunk = chunk;
        inTask = gen;
        try {
            // A successful claim saw the ticket unchanged since the reads above, so they are this generation's.
            for (int c = claim(gen, true); c >= 0; c = claim(gen, true)) {
                try {
                    r.run(c * perChunk, Math.min(n, (c + 1) * perChunk));
                } catch (Throwable e) {
                    failure = e;
                    ticket.set(gen | CLOSED);
                }
                finished.incrementAndGet();
            }
        } finally {
            inTask = -1;
        }
    }
}
