package dev.gradus.runtime;

/**
 * Keras's {@code EarlyStopping(monitor='val_loss', patience, min_delta, restore_best_weights)}: stop
 * once the monitored loss (the validation loss, or the training loss without validation data) has
 * not improved by more than {@code minDelta} for {@code patience} epochs; when it stops, and
 * {@code restoreBest} is set, the parameters of the best epoch are put back. A run that reaches its
 * last epoch keeps its last parameters, as in Keras.
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBest) {
    public EarlyStopping {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1, found " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("min_delta must be a non-negative number, found " + minDelta);
        }
    }
}
