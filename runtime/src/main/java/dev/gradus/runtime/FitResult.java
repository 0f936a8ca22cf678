package dev.gradus.runtime;

import java.util.List;

/**
 * What a {@link Fit} run did: every epoch it ran, the best epoch by the monitored loss (0-based),
 * and whether early stopping ended it (and restored the best parameters).
 */
public record FitResult(List<EpochResult> epochs, int bestEpoch, boolean stoppedEarly, boolean restoredBest) {

    /** Each epoch's mean training loss, as {@link Trainer#fit} returns them. */
    public double[] losses() {
        return epochs.stream().mapToDouble(EpochResult::loss).toArray();
    }

    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }
}
