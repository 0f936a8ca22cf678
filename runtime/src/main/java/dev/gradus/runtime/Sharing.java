package dev.gradus.runtime;

import java.util.Locale;

/**
 * How many threads {@link Workers} share each task on, from the caller's own measures (only the
 * calling thread touches this state).
 * <p>
 * <b>Whole steps choose the count.</b> A trainer's tasks come in a fixed cycle, one a step (its first
 * task marks where a step begins). Cycles go in windows of {@link #CYCLES} (fewer where a cycle is long:
 * enough for about 20 ms, at least three, as a wide model's step can take 30 ms), each window run on one
 * thread count: 1, 2, 4... up to the most threads. After a first window (the JIT's and the helpers'
 * start) the counts run a window each from the most down, the two most always and then fewer for as
 * long as fewer were faster (a machine's steps/s rise and then fall with its threads), twice over;
 * then the count whose windows took least runs,
 * and now and then a window runs on a neighbouring count, so the choice follows a machine that
 * becomes busy or idle: after {@link #REVISIT} windows, twice as many after each such window that
 * confirmed the choice (up to {@link #MAX_REVISIT}). A window's wall time includes the serial code
 * between the tasks and what one task's split costs the next: where each thread's examples or rows
 * stay in its core's cache from one task to the next. Choosing per task instead, by timing each
 * task on its own, fell into a trap: with its neighbours on one thread a task's data sits in one
 * core's cache, so timed on two threads it looked slower, and the biggest tasks of a 2-core mlp256
 * ran alone (360 steps/s; 550 with every task on both threads).
 * With {@code -Dgradus.threads=N} set, every window runs on N ({@link #pinned()}): the count a run
 * chose and printed can be reproduced.
 * <p>
 * <b>Small tasks take fewer.</b> Waking helpers and moving a task's data between cores costs some
 * microseconds, so a task gets at most one thread per {@link #NANOS_PER_THREAD} of its work, as
 * timed when it last ran on one thread (the windows on one thread time every task so).
 * <p>
 * <b>Backing off.</b> When the caller has waited for helpers longer than it worked itself, and longer
 * than a helper takes to wake (a helper was descheduled in the middle of a chunk, as on a busy
 * machine), the next {@code backoff} tasks run on the caller alone, and the backoff doubles (up to a
 * limit) each time it happens again; a task shared without such a wait halves it.
 */
final class Sharing {
    private static final int FIRST_BACKOFF = 16;
    private static final int MAX_BACKOFF = 1 << 14;
    /** Waits shorter than this are a helper coming to the task, not a stalled one. */
    private static final long STALL_NANOS = 200_000L;
    private int backoff = FIRST_BACKOFF;
    private int aloneFor;

    /**
     * A task's work, timed on one thread, per thread it is shared on. At 20 µs a 2-core mlp256 ran 4 to 14
     * of its tasks of 10-40 µs alone and its step was 0.74-0.99 of one pinned to two threads (which times
     * no task alone, so caps none); at 10 µs 0.89-1.05 over five runs, at 5 µs 0.93-0.98 ({@code ChoiceCheck},
     * one JVM, where two trainers alike read up to 17% apart).
     */
    static final long NANOS_PER_THREAD = 10_000L;
    /** Kinds of task timed (a trainer's tasks are fixed Range objects); more are shared by the window's count. */
    private static final int KINDS = 32;
    private final Workers.Range[] kinds = new Workers.Range[KINDS];
    /** Each kind's nanoseconds on one thread (0: not timed yet). */
    private final double[] alone = new double[KINDS];

    static final int CYCLES = 16;
    /** A window's cycles are fewer where cycles are long: enough to time about this much, at least three (two timed). */
    private static final long WINDOW_NANOS = 20_000_000L;
    private int cycles = CYCLES;
    private static final int REVISIT = 8;
    private static final int MAX_REVISIT = 64;
    private static final double MARGIN = 0.97;
    /** Thread counts a window can run on, and each one's wall time a cycle in its windows (0: not measured). */
    private final int[] levels;
    private final double[] windowCost;
    private int level;
    private int best;
    private int passes;
    private int revisitEvery = REVISIT;
    private int sinceRevisit;
    private int revisits;
    private Workers.Range first;
    private int windowCycles;
    private long windowStart;
    private int windows;
    /** Whether a step of the current window shared its layers another way than the trainer's choice (see {@link #exploring}). */
    private boolean polluted;
    /** Set by {@link #exploring} for the step about to start: marks the window its first task falls in. */
    private boolean exploringNext;

    /**
     * Sharing up to {@code threads} threads; {@code pinned}: every window on exactly that many (the
     * count a user set), only small tasks getting fewer.
     */
    Sharing(int threads, boolean pinned) {
        this(pinned ? new int[] {threads} : counts(threads));
    }

    private Sharing(int[] levels) {
        this.levels = levels;
        windowCost = new double[levels.length];
        level = levels.length - 1;
        best = level;
    }

    /** 1, 2, 4... up to {@code threads}, and {@code threads} itself. */
    private static int[] counts(int threads) {
        int count = 1;
        for (int t = 2; t < threads; t *= 2) {
            count++;
        }
        int[] levels = new int[count + 1];
        for (int l = 0, t = 1; l < count; l++, t *= 2) {
            levels[l] = t;
        }
        levels[count] = threads;
        return levels;
    }

    /** Whether every window runs on one count, the one a user set. */
    boolean pinned() {
        return levels.length == 1;
    }

    /**
     * The threads the next run of {@code range} (of slot {@code kind}, {@link #kind}) is shared on (1:
     * the caller alone), counting a cycle into the current window at the cycle's first task, and
     * closing the window when it is full.
     */
    int threadsFor(Workers.Range range, int kind) {
        if (first == null) {
            first = range;
        }
        if (range == first) {
            long now = System.nanoTime();
            if (windowCycles == cycles) {
                double took = now - windowStart;
                if (polluted) { // the window ran the same count again, for the other way's sake: not counted
                    polluted = false;
                } else {
                    closeWindow(took / (cycles - 1));
                }
                cycles = (int) Math.max(3, Math.min(CYCLES, 1 + Math.ceil(WINDOW_NANOS / Math.max(1, took / (cycles - 1)))));
                windowCycles = 0;
            }
            if (exploringNext) {
                polluted = true;
                exploringNext = false;
            }
            if (windowCycles++ == 1) { // a window's first cycle is not timed: a helper woken for it can take milliseconds to come
                windowStart = now;
            }
        }
        if (aloneFor > 0) {
            aloneFor--;
            return 1;
        }
        return capped(kind, levels[level]);
    }

    /**
     * The threads the current window's steps are shared on (the last step's; a window closes at a step's
     * first task): one while the caller backs off from a stalled helper and runs the tasks alone,
     * whatever the window's count, so that a {@link SplitChooser} does not time such steps as shared
     * (on a loaded machine both ways then measured as one thread's step, tied, and examples won).
     */
    int windowThreads() {
        return aloneFor > 0 ? 1 : levels[level];
    }

    /**
     * The step about to start shares a product another way than the one its trainer prefers (the
     * trainer's {@link SplitChooser} measuring rows against examples): the window that step falls in
     * is run again on the same count instead of counted. Timed together, the two choices misled each
     * other: a 2-core mlp256's windows on two threads, half of them by examples (0.6 times as fast as
     * by rows there), cost more than one thread's, and the trainer ran on one (900 steps/s against
     * 1,140 on two threads by rows).
     */
    void exploring() {
        exploringNext = true;
    }

    /** {@code threads}, or fewer for a kind of task too small for them: one a {@link #NANOS_PER_THREAD} of its work. */
    private int capped(int kind, int threads) {
        return kind < 0 || alone[kind] == 0 ? threads : (int) Math.max(1, Math.min(threads, alone[kind] / NANOS_PER_THREAD));
    }

    /** A run of a task of slot {@code kind} on {@code threads} threads took {@code nanos}. */
    void record(int kind, int threads, long nanos) {
        if (threads == 1 && windows > 0 && kind >= 0) { // the first window's runs are the JIT's too
            alone[kind] = cost(alone[kind], nanos);
        }
    }

    private void closeWindow(double took) {
        // A window three times longer than the same count's own mean was idle between steps. (Compared
        // with another count's, an alone window on 16 cores, ten times longer than a shared one, was
        // never counted, and the trainer stayed on one thread: 11 steps/s instead of 25 and more.)
        double same = windowCost[level];
        if (windows++ > 0 && (same == 0 || took <= 3 * same)) { // the first window started the helpers and the JIT's work
            windowCost[level] = cost(same, took);
        }
        if (passes < 2) { // from the most threads down while fewer are faster, twice: one window can be unlucky
            int top = levels.length - 1;
            boolean down = windows > 1 && level > 0 && (level == top || windowCost[level] < windowCost[level + 1]);
            if (down) {
                level--;
                return;
            }
            if (windows > 1 && ++passes == 2) {
                level = cheapest();
                best = level;
                return;
            }
            level = top;
            return;
        }
        int was = best;
        best = cheapest();
        if (best != was) {
            revisitEvery = REVISIT;
        } else if (level != best) { // a revisit that confirmed the choice: the next comes later
            revisitEvery = Math.min(MAX_REVISIT, 2 * revisitEvery);
        }
        if (++sinceRevisit >= revisitEvery) {
            sinceRevisit = 0;
            level = neighbour(best, revisits++);
        } else {
            level = best;
        }
    }

    /**
     * The measured count whose windows took least, a count beating fewer threads only when it saves at
     * least 3% (the most threads while none is measured).
     */
    private int cheapest() {
        int c = -1;
        for (int l = 0; l < levels.length; l++) {
            if (windowCost[l] > 0 && (c < 0 || windowCost[l] < MARGIN * windowCost[c])) {
                c = l;
            }
        }
        return c < 0 ? levels.length - 1 : c;
    }

    /** The count below and the count above {@code l}, in turn; a far one would cost more than a revisit could save. */
    private int neighbour(int l, int turn) {
        int other = (turn & 1) == 0 ? l - 1 : l + 1;
        if (other < 0 || other >= levels.length) {
            other = (turn & 1) == 0 ? l + 1 : l - 1;
        }
        return other < 0 || other >= levels.length ? l : other;
    }

    /** A measure after another: a faster one at once, a slower one half way (noise only ever adds time). */
    private static double cost(double mean, double took) {
        return mean == 0 || took < mean ? took : (mean + took) / 2;
    }

    /** The slot of this kind of task, taking a free one the first time; -1 when all are taken. */
    int kind(Workers.Range range) {
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

    /** After a task helpers joined: backs off if the caller waited for them longer than it worked, and long. */
    void judge(long waited, long worked) {
        if (waited > worked && waited > STALL_NANOS) {
            aloneFor = backoff;
            backoff = Math.min(MAX_BACKOFF, 2 * backoff);
        } else {
            backoff = Math.max(FIRST_BACKOFF, backoff / 2);
        }
    }

    /**
     * For {@link Workers#describe()}: the threads a step runs on now and each count's window time, then
     * each kind of task timed on one thread with the threads it gets.
     */
    void describe(StringBuilder s) {
        // A count is measured once the first descent has compared the counts' windows: before that it is
        // the first guess (every core), and a property "repeating" it would repeat nothing.
        boolean measured = passes >= 2;
        s.append("; a step on ").append(levels[best]).append(levels[best] == 1 ? " thread" : " threads")
                .append(pinned() ? " (-D" + Workers.THREADS + ", ms a step:"
                        : measured ? " (measured, ms a step:" : " (being measured, ms a step:");
        for (int l = 0; l < levels.length; l++) {
            s.append(' ').append(levels[l]).append('=')
                    .append(windowCost[l] == 0 ? "-" : String.format(Locale.ROOT, "%.3f", windowCost[l] / 1e6));
        }
        if (!pinned() && measured) {
            s.append("; -D").append(Workers.THREADS).append('=').append(levels[best]).append(" repeats it");
        }
        s.append(')');
        for (int k = 0; k < KINDS && kinds[k] != null; k++) {
            int threads = capped(k, levels[best]);
            if (threads < levels[best]) {
                s.append("; task ").append(k).append(": ").append(threads)
                        .append(String.format(Locale.ROOT, " (%.1f µs on one)", alone[k] / 1e3));
            }
        }
    }
}
