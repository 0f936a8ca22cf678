package dev.gradus.runtime;

/**
 * Training met a loss or gradient that is not finite (NaN or infinite). Names the 1-based epoch and
 * step, and the first parameter or gradient value that went non-finite when there is one.
 */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final int step;
    private final boolean restored;

    public TrainingDivergedException(String message, int epoch, int step, boolean restored) {
        super(message, null, false, false);
        this.epoch = epoch;
        this.step = step;
        this.restored = restored;
    }

    /** The epoch, counted from 1. */
    public int epoch() {
        return epoch;
    }

    /** The step within the epoch, counted from 1. */
    public int step() {
        return step;
    }

    /** True if the trainer holds the last finite parameters again. */
    public boolean restored() {
        return restored;
    }
}
