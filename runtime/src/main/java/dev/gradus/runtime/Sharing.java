package dev.gradus.runtime;

import java.util.Locale;

/**
 * What {@link Workers} share and how widely, from the caller's own measures (only the calling thread
 * touches this state): for each kind of task (a trainer's tasks are fixed {@link Workers.Range}
 * objects) its first runs try 1, 2, 4... up to the most threads in turn, then the count that took
 * the fewest nanoseconds an element runs, with a neighbouring count tried every {@link #RECHECK}
 * runs; windows of whole steps decide whether sharing pays at all ({@link #closeWindow}); and a
 * caller that waited for late helpers backs off to running alone for a while.
 */
final class Sharing {
    /**
     * Backing off: when the caller has waited for helpers longer than it worked itself (a helper was
     * descheduled in the middle of a chunk, as on a busy machine), the next {@code backoff} tasks run
     * on the caller alone, and the backoff doubles (up to a limit) each time it happens again; a task
     * shared without such a wait halves it.
     */
    private static final int FIRST_BACKOFF = 16;
    private static final int MAX_BACKOFF = 1 << 14;
    private int backoff = FIRST_BACKOFF;
    private int aloneFor;

    /** Kinds of task measured (more are always run on every thread), thread counts tried, and how often. */
    private static final int KINDS = 32;
    private static final int EXPLORE = 4;
    private static final int RECHECK = 32;
    private final int[] levels;
    private final Workers.Range[] kinds = new Workers.Range[KINDS];
    private final double[] costs;
    private final int[] runs = new int[KINDS];

    /**
     * Windows: a trainer's tasks come in a fixed cycle, one a step (its first task marks where a step
     * begins); cycles go in windows of {@link #CYCLES}, each window either shared (as the measures
     * above decide) or run by the caller alone, and a window's wall time includes the serial code
     * between the tasks and what one task's split costs the next. The next window runs the way whose
     * windows took less time, sharing only when that saves at least 3%; a window now and then runs the
     * other way, so the choice follows a machine that becomes busy or idle: after {@link #REVISIT}
     * windows, twice as many after each such window that confirmed the choice (up to
     * {@link #MAX_REVISIT}). The first window and one three times longer than the same way's mean
     * (the trainer was idle between steps) are not counted.
     */
    private static final int CYCLES = 16;
    private static final int REVISIT = 8;
    private static final int MAX_REVISIT = 64;
    private static final double MARGIN = 0.97;
    private int revisitEvery = REVISIT;
    private int sinceRevisit;
    private boolean preferShared = true;
    private Workers.Range first;
    private int windowCycles;
    private long windowStart;
    private boolean windowShared = true;
    private int windows;
    private double aloneWindow;
    private double sharedWindow;

    Sharing(int threads) {
        int count = 1;
        for (int t = 2; t < threads; t *= 2) {
            count++;
        }
        levels = new int[count + 1];
        for (int l = 0, t = 1; l < count; l++, t *= 2) {
            levels[l] = t;
        }
        levels[count] = threads;
        costs = new double[KINDS * levels.length];
    }

    /** The thread count of a level ({@link #nextLevel}). */
    int threadsAt(int level) {
        return levels[level];
    }

    /** Whether the caller is backing off from sharing (it waited for helpers lately). */
    boolean backingOff() {
        return aloneFor > 0;
    }

    /** A task ran on the caller alone: one fewer to go while backing off. */
    void ranAlone() {
        aloneFor = Math.max(0, aloneFor - 1);
    }

    /**
     * For {@link Workers#describe()}: whether the windows stopped sharing, then for each kind of task
     * measured so far the count it runs on now and its nanoseconds an element at each count tried.
     */
    void describe(StringBuilder s) {
        s.append(windowShared || preferShared ? "" : "; now on one, sharing did not pay").append(')');
        for (int k = 0; k < KINDS && kinds[k] != null; k++) {
            s.append("; task ").append(k).append(": ").append(levels[bestLevel(k)]).append(" [");
            for (int l = 0; l < levels.length; l++) {
                double c = costs[k * levels.length + l];
                s.append(l == 0 ? "" : " ").append(levels[l]).append('=')
                        .append(c == 0 ? "-" : String.format(Locale.ROOT, "%.1f", c));
            }
            s.append(" ns/elem]");
        }
    }

    void record(int kind, int level, long nanos, int n) {
        if (kind >= 0) {
            int i = kind * levels.length + level;
            costs[i] = cost(costs[i], (double) nanos / n);
        }
    }

    /** Counts a cycle into the current window at its first task, closing the window when full; whether the window shares its tasks. */
    boolean windowShares(Workers.Range range) {
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
        return windowShared;
    }

    private void closeWindow(double took) {
        // A window three times longer than the same way's own mean was idle between steps. (Compared
        // with the other way's, an alone window on 16 cores, ten times longer than a shared one, was
        // never counted, and the trainer stayed on one thread: 11 steps/s instead of 25 and more.)
        double same = windowShared ? sharedWindow : aloneWindow;
        if (windows++ > 0 && (same == 0 || took <= 3 * same)) { // the first window started the helpers and the JIT's work
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

    /** A way's cost after another measure: a faster one at once, a slower one half way. */
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

    /** The thread count (an index into {@link #levels}) the next task of this kind runs on. */
    int nextLevel(int kind) {
        if (kind < 0) { // more kinds than measured: every thread
            return levels.length - 1;
        }
        int r = runs[kind];
        runs[kind] = r == Integer.MAX_VALUE ? EXPLORE * levels.length : r + 1;
        if (r < EXPLORE * levels.length) {
            return levels.length - 1 - r % levels.length; // every count in turn, the most first
        }
        int best = bestLevel(kind);
        if (r % RECHECK != 0) {
            return best;
        }
        // a neighbour of the best count, below and above in turn: a far one (one thread for a layer
        // sixteen run ten times faster) would cost more than the recheck could save
        int other = (r / RECHECK & 1) == 0 ? best - 1 : best + 1;
        return other < 0 || other >= levels.length ? best : other;
    }

    private int bestLevel(int kind) {
        int best = levels.length - 1;
        for (int l = 0; l < levels.length; l++) {
            double c = costs[kind * levels.length + l];
            if (c > 0 && c < costs[kind * levels.length + best]) {
                best = l;
            }
        }
        return best;
    }

    /** After a task helpers joined: backs off if the caller waited for them longer than it worked. */
    void judge(long waited, long worked) {
        if (waited > worked) {
            aloneFor = backoff;
            backoff = Math.min(MAX_BACKOFF, 2 * backoff);
        } else {
            backoff = Math.max(FIRST_BACKOFF, backoff / 2);
        }
    }
}
