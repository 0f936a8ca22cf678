package dev.gradus.runtime;

/**
 * How {@link Fit} trains: epochs, batch size (at most the trainer's {@link Trainer#maxBatch}: a
 * larger one is refused, never quietly reduced),
 * shuffling and its seed, an optional learning-rate schedule, gradient clipping (0: none),
 * early stopping (null: none) and whether to keep the last finite parameters if training diverges.
 * Immutable; the {@code with...} methods return changed copies.
 *
 * @param clipNorm {@code torch.nn.utils.clip_grad_norm_}'s max_norm over all parameters together, or 0
 * @param clipValue {@code torch.nn.utils.clip_grad_value_}'s clip_value, or 0
 * @param keepLastGood on divergence, set the parameters back to the last ones whose loss and gradient were finite
 * @param startEpoch epochs already run (a resumed run): the run goes on from there to {@code epochs} in all,
 *        replaying the shuffles and the schedule of the epochs before it, as an uninterrupted run would have them
 */
public record FitOptions(int epochs, int batch, boolean shuffle, long seed, LrSchedule schedule, double clipNorm,
                         double clipValue, EarlyStopping earlyStopping, boolean keepLastGood, int startEpoch) {

    public FitOptions {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must not be negative, found " + epochs);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive, found " + batch);
        }
        if (!(clipNorm >= 0) || !(clipValue >= 0)) {
            throw new IllegalArgumentException("clipping thresholds must not be negative");
        }
        if (startEpoch < 0) {
            throw new IllegalArgumentException("startEpoch must not be negative, found " + startEpoch);
        }
    }

    /** Plain training: no schedule, clipping or early stopping. */
    public static FitOptions of(int epochs, int batch, boolean shuffle, long seed) {
        return new FitOptions(epochs, batch, shuffle, seed, null, 0, 0, null, false, 0);
    }

    public FitOptions withSchedule(LrSchedule s) {
        return new FitOptions(epochs, batch, shuffle, seed, s, clipNorm, clipValue, earlyStopping, keepLastGood, startEpoch);
    }

    public FitOptions withClipNorm(double maxNorm) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, maxNorm, clipValue, earlyStopping, keepLastGood, startEpoch);
    }

    public FitOptions withClipValue(double value) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, clipNorm, value, earlyStopping, keepLastGood, startEpoch);
    }

    public FitOptions withEarlyStopping(EarlyStopping e) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, clipNorm, clipValue, e, keepLastGood, startEpoch);
    }

    public FitOptions withKeepLastGood(boolean keep) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, clipNorm, clipValue, earlyStopping, keep, startEpoch);
    }

    /** A resumed run: {@code done} epochs ran before (their shuffles and schedule steps are replayed, not trained). */
    public FitOptions withStartEpoch(int done) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, clipNorm, clipValue, earlyStopping, keepLastGood, done);
    }
}
