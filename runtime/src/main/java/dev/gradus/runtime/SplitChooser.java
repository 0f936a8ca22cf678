package dev.gradus.runtime;

import java.util.Locale;

/**
 * Chooses how a trainer's threads share its layers' products: by outputs (each thread computes its
 * outputs for the whole batch: a wide layer's forward product by its rows of W, the rows whose
 * gradient it computes and which it updates, so they stay in its core's cache; a narrower layer's on
 * W's transposed copy and a wide layer's input gradient by columns, each thread packing only its own
 * panels for the GEMM) or by examples (each thread reads all of W). Both
 * give the same results to the bit, so the choice is free to follow the machine: steps go in
 * windows of {@link #STEPS}, each run one way and timed whole (the product, and the gradient and
 * update that do or do not find their rows in the same cache, and what the next stage pays for rows
 * another thread wrote). Each way is tried, then the faster runs, by examples on a tie or a gain
 * under 3% (the way every narrow layer is shared); a window now and then runs the other way, after
 * {@link #REVISIT} windows, twice as many after each that confirmed the choice (up to
 * {@link #MAX_REVISIT}). A way's first window (the JIT's) and a window three times longer than its
 * way's mean (the trainer idle between steps) are not counted. {@code -Dgradus.split=rows} or
 * {@code examples} forces a way. Allocation-free.
 */
public final class SplitChooser {
    /** The system property that forces a way: {@code rows} or {@code examples} ({@code auto}, the default: measured). */
    public static final String PROPERTY = "gradus.split";

    /** Steps a window: not a multiple of the workers' windows, so the two do not keep falling together. */
    static final int STEPS = 12;
    private static final int REVISIT = 5;
    private static final int MAX_REVISIT = 40;
    private static final double MARGIN = 0.97;

    /** 1: always rows, 0: always examples, -1: measured. */
    private final int forced;
    private boolean rows = true;
    private int inWindow;
    private long windowStart;
    private int rowsWindows;
    private int examplesWindows;
    private double rowsCost;
    private double examplesCost;
    private boolean preferRows = true;
    private int revisitEvery = REVISIT;
    private int sinceRevisit;
    /** The thread count the current window's steps run on. */
    private int windowThreads = -1;
    /** Whether a step on one thread paused the current window, and when. */
    private boolean paused;
    private long pausedAt;

    SplitChooser(int forced) {
        this.forced = forced;
        this.rows = forced != 0;
    }

    /** A chooser as {@code -Dgradus.split} says: {@code rows}, {@code examples}, or unset / {@code auto}: measured. */
    public static SplitChooser fromProperty() {
        String s = System.getProperty(PROPERTY, "").trim();
        if (s.equalsIgnoreCase("rows")) {
            return new SplitChooser(1);
        }
        if (s.equalsIgnoreCase("examples")) {
            return new SplitChooser(0);
        }
        if (!s.isEmpty() && !s.equalsIgnoreCase("auto")) {
            System.getLogger("dev.gradus.runtime").log(System.Logger.Level.WARNING,
                    "-D" + PROPERTY + "=" + s + " is not rows, examples or auto; measuring");
        }
        return new SplitChooser(-1);
    }

    /**
     * Called once at the start of each step of a trainer whose steps {@code workers} share (null: none):
     * whether this step shares its wide layers by output rows. The ways are measured only in windows
     * whose steps all run on the same count of threads, more than one (on one thread the way changes
     * nothing but the blocking: the windows said rows or examples by noise); and a step that runs the
     * way not preferred, or while both are being measured, tells the workers not to count its window
     * for their choice of the thread count ({@link Workers#exploring()}): each choice is measured with
     * the other one fixed.
     */
    public boolean rows(Workers workers) {
        if (forced >= 0) {
            return forced == 1;
        }
        int threads = workers == null ? 1 : workers.windowThreads();
        boolean way = rows(threads);
        if (threads > 1 && (way != preferRows || rowsCost == 0 || examplesCost == 0)) {
            workers.exploring();
        }
        return way;
    }

    /**
     * {@link #rows(Workers)} for a step on {@code threads} threads. Steps on one thread inside a window (the
     * workers backing off from a stalled helper, or timing a window of their own on one thread) pause it: their
     * time is taken out, and the window goes on when steps are shared again. Restarting it instead, on a loaded
     * machine that backs off every few steps, no window ever completed, and the chooser stayed "being measured",
     * marking every window of the workers as exploring, so the thread count was never measured either.
     */
    boolean rows(int threads) {
        if (forced >= 0) {
            return forced == 1;
        }
        if (threads <= 1) {
            if (!paused && inWindow > 0) {
                paused = true;
                pausedAt = System.nanoTime();
            }
            return preferRows;
        }
        if (threads != windowThreads) { // a window on another count of shared threads: start again
            windowThreads = threads;
            inWindow = 0;
            paused = false;
        } else if (paused) {
            windowStart += System.nanoTime() - pausedAt;
            paused = false;
        }
        return rows();
    }

    /** Whether the next step shares its wide layers by output rows, every step timed ({@link #rows(Workers)} for trainers). */
    boolean rows() {
        if (forced >= 0) {
            return forced == 1;
        }
        long now = System.nanoTime();
        if (inWindow == STEPS) {
            close(now - windowStart);
            inWindow = 0;
        }
        if (inWindow++ == 0) {
            windowStart = now;
        }
        return rows;
    }

    private void close(double took) {
        if (rows) {
            if (rowsWindows++ > 0 && (rowsCost == 0 || took <= 3 * rowsCost)) {
                rowsCost = cost(rowsCost, took);
            }
        } else if (examplesWindows++ > 0 && (examplesCost == 0 || took <= 3 * examplesCost)) {
            examplesCost = cost(examplesCost, took);
        }
        if (rowsCost == 0 || examplesCost == 0) { // each way tried twice in turn (its first window warms up)
            rows = rowsCost == 0 && (examplesCost != 0 || !rows);
            return;
        }
        boolean rowsPay = rowsCost < MARGIN * examplesCost;
        if (rowsPay != preferRows) {
            revisitEvery = REVISIT;
        } else if (rows != preferRows) { // a revisit that confirmed the choice: the next comes later
            revisitEvery = Math.min(MAX_REVISIT, 2 * revisitEvery);
        }
        preferRows = rowsPay;
        if (++sinceRevisit >= revisitEvery) {
            sinceRevisit = 0;
            rows = !rowsPay;
        } else {
            rows = rowsPay;
        }
    }

    /** A way's cost after another measure: a faster one at once, a slower one half way. */
    private static double cost(double mean, double took) {
        return mean == 0 || took < mean ? took : (mean + took) / 2;
    }

    /** How the wide layers are shared now, and what each way's windows cost (for {@code --verbose}). */
    public String describe() {
        if (forced >= 0) {
            return (forced == 1 ? "output rows" : "examples") + " (-D" + PROPERTY + ")";
        }
        if (rowsCost == 0 || examplesCost == 0) {
            return "output rows or examples (being measured)";
        }
        return String.format(Locale.ROOT, "%s (measured, ms a step: rows %s, examples %s; -D" + PROPERTY + "=%s repeats it)",
                preferRows ? "output rows" : "examples",
                rowsCost == 0 ? "-" : String.format(Locale.ROOT, "%.3f", rowsCost / STEPS / 1e6),
                examplesCost == 0 ? "-" : String.format(Locale.ROOT, "%.3f", examplesCost / STEPS / 1e6),
                preferRows ? "rows" : "examples");
    }
}
