package dev.gradus.runtime;

/** Hears of training progress. Called from the training loop: keep it cheap. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    /** After each step, with the batch's mean loss (before the update). */
    default void batchEnd(int epoch, int batch, int batches, int examples, double loss) {}

    /** After each epoch, with the mean of its batches' losses. */
    default void epochEnd(int epoch, double meanLoss) {}

    /** After each epoch of a {@link Fit} run, with its validation loss and rate; calls {@link #epochEnd(int, double)}. */
    default void epochEnd(EpochResult result) {
        epochEnd(result.epoch(), result.loss());
    }
}
