package dev.gradus.runtime;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Shares a batch's examples (or a matrix's rows) between the calling thread and up to
 * {@code threads - 1} persistent helper threads, without allocating, in a way that survives a busy
 * machine. A task's range is cut into chunks at multiples of the grain, and the chunks into one
 * contiguous block per thread. Each thread claims the chunks of its own block from the block's
 * front; a thread whose block is done steals from the back of the others' blocks. So each thread
 * keeps the same part of every range from one task to the next (the same rows of a weight matrix
 * for its gradient, its update and the next forward product), and what it wrote is still in its
 * core's cache when it reads it again.
 * <p>
 * The caller never waits for a helper to start: a helper that is late (parked, or descheduled
 * because the machine is busy) finds its block stolen, and at the end the caller waits only for the
 * chunks helpers have already claimed. A helper spins up to 200 µs between tasks (a training
 * step hands it several in a row), then parks; it ends after a while without work and is started
 * again when needed.
 * <p>
 * How many threads the tasks get is measured on windows of whole steps, each window on one count
 * (1, 2, 4... up to {@code threads}), the fastest kept and its neighbours tried now and then, so a
 * machine busy with other work never makes a trainer slower than one thread for long; a task too
 * small to pay for a thread gets fewer. The package's {@code Sharing} keeps these measures.
 * <p>
 * Results do not depend on the thread count or on which thread runs a chunk: every element is
 * computed by one thread, in the same order, and chunk boundaries fall on multiples of the grain,
 * which the generated code chooses so that no kernel's blocking depends on where a chunk starts.
 */
public final class Workers {

    /** Work on examples (or rows) {@code from} to {@code to - 1}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Work on examples {@code from} to {@code to - 1} told which thread runs it: 0 for the caller, 1 to
     * {@code threads() - 1} for the helpers. No two chunks of a task run at once with the same
     * index, so a task can keep scratch per thread (a convolution's im2col columns) without sharing it.
     */
    @FunctionalInterface
    public interface ThreadRange extends Range {
        void run(int from, int to, int thread);

        /** Run on the calling thread, index 0. */
        @Override
        default void run(int from, int to) {
            run(from, to, 0);
        }
    }

    /** The system property giving the most threads a trainer uses (the caller included); default: every core. */
    public static final String THREADS = "gradus.threads";

    /** Chunks per participating thread: enough to balance when one stalls. */
    private static final int CHUNKS_PER_THREAD = 4;
    /**
     * Fewest items a chunk should take: fewer chunks a thread (4, 2, then 1) where four would be
     * smaller. A chunk of a stage of examples is one call of the GEMM kernels on that many examples,
     * each call streaming the whole weight matrix through the cache: a batch of 64 times a 512 by 512
     * weight ran at 44 GFLOP/s on one AVX2 core in calls of 8 examples (what four chunks a thread
     * made of it on two threads), 50 in calls of 16, 54 of 32 and 62 in one call.
     */
    private static final int MIN_CHUNK = 16;
    /** Longs between two blocks' counters: one cache line each. */
    private static final int PAD = 8;
    /**
     * How long a helper spins for the next task before it parks. Between the tasks of a step come
     * serial code and tasks too small to share, and a parked helper takes tens of microseconds to
     * wake on a virtual machine; but a spinning helper takes a core from anything else that needs
     * one (the JIT, another process). 50 µs, 200 µs and 1 ms gave the 2-core MLPs the same steps/s
     * within the machine's noise once the thread count was chosen per step (see Sharing).
     */
    private static final long SPIN_NANOS = 200_000L;
    private static final long IDLE_NANOS = 10_000_000_000L;

    private final int threads;
    /**
     * Per block: the generation (high 32 bits), the first unclaimed chunk (bits 16-31, the owner's
     * end) and one past the last unclaimed chunk (bits 0-15, the thieves' end).
     */
    private final AtomicLongArray blocks;
    private final Helper[] helpers;
    private volatile long posted = -1;
    private volatile long closed = -1;
    private volatile int parts;
    private volatile Range task;
    private volatile int size;
    private volatile int chunk;
    private volatile Throwable failure;
    private int generation;

    /** False only in tests: the helpers never come, as on a machine too busy to schedule them. */
    private final boolean helped;
    /** Which tasks are shared and on how many threads: the caller's measures. */
    private final Sharing sharing;

    private Workers(int threads, boolean helped, boolean pinned) {
        this.threads = threads;
        this.helped = helped;
        this.blocks = new AtomicLongArray(threads * PAD);
        this.helpers = new Helper[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            helpers[h] = new Helper(h + 1);
        }
        this.sharing = new Sharing(threads, pinned);
    }

    /** Workers whose helper never starts, standing for one that the machine never schedules (tests). */
    static Workers withoutHelper() {
        return new Workers(2, false, false);
    }

    /**
     * The most threads a trainer uses by default: {@code -Dgradus.threads=N} when set (a positive
     * number), 1 with {@code -Dgradus.serial=true}, else the machine's cores.
     */
    public static int defaultThreads() {
        int set = setThreads();
        return set > 0 ? set : Runtime.getRuntime().availableProcessors();
    }

    /**
     * The count the properties set: 1 with {@code -Dgradus.serial=true}, else {@code -Dgradus.threads=N}
     * (at most 256), else 0 (unset, {@code auto}, or not a positive number, which is warned of).
     */
    private static int setThreads() {
        if (Boolean.getBoolean("gradus.serial")) {
            return 1;
        }
        String s = System.getProperty(THREADS, "").trim();
        if (!s.isEmpty() && !s.equalsIgnoreCase("auto")) {
            try {
                int n = Integer.parseInt(s);
                if (n >= 1) {
                    return Math.min(n, 256);
                }
            } catch (NumberFormatException e) {
                // not a number: 0 below
            }
            System.getLogger("dev.gradus.runtime").log(System.Logger.Level.WARNING,
                    "-D" + THREADS + "=" + s + " is not a positive number; using every core");
        }
        return 0;
    }

    /**
     * Workers for a trainer with {@link #defaultThreads()}, or null when more threads would not pay
     * (see {@link #forBatch(int, long, int)}). With {@code -Dgradus.threads=N} set, every step runs on
     * N threads (tasks too small for a thread still get fewer), so a count a run chose and printed
     * can be reproduced; otherwise the count is measured, up to every core.
     */
    public static Workers forBatch(int maxBatch, long flopsPerExample) {
        int set = setThreads();
        int threads = set > 0 ? set : Runtime.getRuntime().availableProcessors();
        return worth(maxBatch, flopsPerExample, threads) ? new Workers(Math.min(threads, 256), true, set > 0) : null;
    }

    /**
     * Workers using at most {@code threads} threads (the caller included), or null when more than one
     * would not pay: one thread asked for, small batches, or little work per example
     * ({@code flopsPerExample} about 6 x weights).
     */
    public static Workers forBatch(int maxBatch, long flopsPerExample, int threads) {
        return worth(maxBatch, flopsPerExample, threads) ? new Workers(Math.min(threads, 256), true, false) : null;
    }

    private static boolean worth(int maxBatch, long flopsPerExample, int threads) {
        return threads > 1 && maxBatch >= 8 && flopsPerExample * maxBatch >= 4_000_000L;
    }

    /** The threads the current window of steps is shared on (what {@link SplitChooser} measures under). */
    int windowThreads() {
        return sharing.windowThreads();
    }

    /** The step about to start is a {@link SplitChooser}'s measure of the way it does not prefer: not a measure of the thread count. */
    void exploring() {
        sharing.exploring();
    }

    /** The most threads these workers use, the caller included. */
    public int threads() {
        return threads;
    }

    /**
     * One line: the most threads, and for each kind of task measured so far how many threads it runs
     * on now and its nanoseconds an element at each count tried (for {@code --verbose}).
     */
    public String describe() {
        StringBuilder s = new StringBuilder("gradus threads: up to ").append(threads).append(" (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores)");
        sharing.describe(s);
        return s.toString();
    }

    /** The kernels this process runs and what {@code workers} (null: none) do, for {@link Trainer#describeExecution()}. */
    public static String describe(Workers workers) {
        return dev.gradus.runtime.kernel.KernelSelector.descriptionIfChosen() + "; "
                + (workers == null ? "gradus threads: 1 (" + whyOne() + ")" : workers.describe());
    }

    /**
     * Why a trainer runs on its caller alone: a property that asks for one thread, one core, or else a batch
     * or a model too small to share ({@link #forBatch(int, long, int)}), or one thread asked for through
     * {@link dev.gradus.runtime.Trainer#threads(int)}.
     */
    private static String whyOne() {
        if (Boolean.getBoolean("gradus.serial")) {
            return "-Dgradus.serial=true";
        }
        if (setThreads() == 1) {
            return "-D" + THREADS + "=1";
        }
        return Runtime.getRuntime().availableProcessors() == 1 ? "one core"
                : "too little work a step to split, or one thread asked for";
    }

    /**
     * Runs {@code range} over {@code 0..n-1} in chunks whose bounds are multiples of {@code grain},
     * on this thread and the helpers that come in time; returns when every chunk is done. A failure
     * in any thread is thrown here once all have stopped working on this task.
     */
    public void run(Range range, int n, int grain) {
        int kind = sharing.kind(range);
        int want = helped ? sharing.threadsFor(range, kind) : threads; // without helpers (tests), every task tries to share
        int perChunk = n;
        int count = 1;
        if (want > 1 && grain > 0 && n >= 2 * grain) {
            int chunks = CHUNKS_PER_THREAD;
            while (chunks > 1 && n / (want * chunks) < MIN_CHUNK) {
                chunks /= 2;
            }
            perChunk = Math.max(grain, ((n + want * chunks - 1) / (want * chunks) + grain - 1) / grain * grain);
            count = (n + perChunk - 1) / perChunk;
        }
        int p = Math.min(want, count);
        long started = System.nanoTime();
        if (p <= 1) {
            range.run(0, n);
            sharing.record(kind, 1, System.nanoTime() - started);
            return;
        }
        long gen = ++generation & 0x7FFF_FFFFL;
        task = range;
        size = n;
        chunk = perChunk;
        failure = null;
        parts = p;
        for (int b = 0; b < p; b++) {
            blocks.set(b * PAD, gen << 32 | (long) (b * count / p) << 16 | (long) ((b + 1) * count / p));
        }
        posted = gen;
        wakeHelpers(p - 1);
        int ran = work(gen, 0, p);
        long worked = System.nanoTime();
        // Every chunk is claimed now. Wait for the ones helpers are running: a helper claims only
        // with inTask set to this generation, until its last chunk is done.
        for (Helper h : helpers) {
            int spins = 0;
            while (h.inTask == gen) {
                if (++spins > 1_000) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        }
        task = null;
        long ended = System.nanoTime();
        if (ran < count) {
            sharing.judge(ended - worked, worked - started);
        }
        sharing.record(kind, p, ended - started);
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        } else if (f instanceof Error e) {
            throw e;
        }
    }

    /** Claims and runs chunks of generation {@code gen}, own block first, then the others' from their backs; the chunks run. */
    private int work(long gen, int me, int p) {
        int ran = 0;
        for (int k = 0; k < p; k++) {
            int b = (me + k) % p;
            for (int c = claim(b, gen, k > 0); c >= 0; c = claim(b, gen, k > 0)) {
                ran++;
                int perChunk = chunk; // read after a claim of this generation: this generation's
                int n = size;
                try {
                    Range t = task;
                    if (t instanceof ThreadRange indexed) {
                        indexed.run(c * perChunk, Math.min(n, (c + 1) * perChunk), me);
                    } else {
                        t.run(c * perChunk, Math.min(n, (c + 1) * perChunk));
                    }
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                    closed = gen;
                }
            }
        }
        return ran;
    }

    /** The first (or, {@code fromBack}, the last) unclaimed chunk of block {@code b} in generation {@code gen}, now claimed, or -1. */
    private int claim(int b, long gen, boolean fromBack) {
        while (true) {
            long t = blocks.get(b * PAD);
            int front = (int) (t >>> 16) & 0xFFFF;
            int back = (int) t & 0xFFFF;
            if (t >>> 32 != gen || front >= back || closed == gen) {
                return -1;
            }
            if (blocks.compareAndSet(b * PAD, t, fromBack ? t - 1 : t + (1L << 16))) {
                return fromBack ? back - 1 : front;
            }
        }
    }

    private void wakeHelpers(int count) {
        if (!helped) {
            return;
        }
        for (int i = 0; i < count; i++) {
            Helper h = helpers[i];
            Thread t = h.thread;
            if (t == null) {
                synchronized (h) { // a helper quits only under this lock, so a task posted here is not missed
                    if (h.thread == null) {
                        t = new Thread(h, "gradus-worker-" + h.index);
                        t.setDaemon(true);
                        h.thread = t;
                        t.start();
                    }
                }
            } else if (h.sleeping) {
                LockSupport.unpark(t);
            }
        }
    }

    /** A helper thread: its block index, and which generation it is claiming chunks of. */
    private final class Helper implements Runnable {
        final int index;
        volatile Thread thread;
        volatile boolean sleeping;
        volatile long inTask = -1;

        Helper(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            long seen = -1;
            long idleSince = System.nanoTime();
            while (true) {
                long gen = posted;
                if (gen != seen) {
                    seen = gen;
                    inTask = gen;
                    boolean joined = false;
                    try {
                        int p = parts;
                        if (index < p) {
                            joined = true;
                            work(gen, index, p);
                        }
                    } finally {
                        inTask = -1;
                    }
                    if (joined) { // a helper a task leaves out (fewer threads pay) parks as if idle
                        idleSince = System.nanoTime();
                    }
                    continue;
                }
                long idle = System.nanoTime() - idleSince;
                if (idle < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (idle < IDLE_NANOS) {
                    sleeping = true;
                    if (posted == seen) {
                        LockSupport.parkNanos(this, 100_000_000L);
                    }
                    sleeping = false;
                } else {
                    synchronized (this) {
                        if (posted == seen) {
                            thread = null;
                            return;
                        }
                    }
                }
            }
        }
    }
}
