package dev.gradus.runtime;

/**
 * One finished epoch ({@code epoch} counts from 0, as a Java index; the command line and its --log print it
 * from 1): the mean of its batches' losses, the learning rate its steps used (the first
 * step's, for one-cycle), the validation loss after it (NaN without validation data) and whether it
 * is the best epoch so far by the monitored loss.
 */
public record EpochResult(int epoch, double loss, double lr, double valLoss, boolean best) {
    public boolean hasValidation() {
        return !Double.isNaN(valLoss);
    }

    /** The loss early stopping and reduce-on-plateau watch: the validation loss if there is one. */
    public double monitored() {
        return hasValidation() ? valLoss : loss;
    }
}
