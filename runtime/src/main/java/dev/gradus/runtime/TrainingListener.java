package dev.gradus.runtime;

/** Hears of training progress. Called from the training loop: keep it cheap. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    /** After each step, with the batch's mean loss (before the update). */
    default void batchEnd(int epoch, int batch, int batches, int examples, double loss) {}

    /** After each epoch, with the mean of its batches' losses. */
    default void epochEnd(int epoch, double meanLoss) {}
}
