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
 */
public record FitOptions(int epochs, int batch, boolean shuffle, long seed, LrSchedule schedule, double clipNorm,
                         double clipValue, EarlyStopping earlyStopping, boolean keepLastGood) {

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
    }

    /** Plain training: no schedule, clipping or early stopping. */
    public static FitOptions of(int epochs, int batch, boolean shuffle, long seed) {
        return new FitOptions(epochs, batch, shuffle, seed, null, 0, 0, null, false);
    }

    public FitOptions withSchedule(LrSchedule s) {
        return new FitOptions(epochs, batch, shuffle, seed, s, clipNorm, clipValue, earlyStopping, keepLastGood);
    }

    public FitOptions withClipNorm(double maxNorm) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, maxNorm, clipValue, earlyStopping, keepLastGood);
    }

    public FitOptions withClipValue(double value) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, clipNorm, value, earlyStopping, keepLastGood);
    }

    public FitOptions withEarlyStopping(EarlyStopping e) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, clipNorm, clipValue, e, keepLastGood);
    }

    public FitOptions withKeepLastGood(boolean keep) {
        return new FitOptions(epochs, batch, shuffle, seed, schedule, clipNorm, clipValue, earlyStopping, keep);
    }
}
