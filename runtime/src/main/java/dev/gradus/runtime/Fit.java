package dev.gradus.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training loop: epochs of (optionally shuffled) batches, each step checked for a non-finite
 * loss or gradient, and each epoch's parameters and optimizer state checked for a non-finite value
 * (an update can overflow a weight, or divide 0 by 0 in Adam with {@code eps = 0}, while the loss
 * stays finite), with an optional learning-rate schedule, gradient clipping, a validation loss
 * after every epoch and early stopping. {@link Trainer#fit} runs here. Every buffer is allocated
 * once, before the first step: a step allocates nothing.
 */
public final class Fit {
    private final Trainer trainer;
    private final FitOptions options;
    private final double[] grad;
    private final double[] good;
    private final double[] bestParams;
    private final int[] offsets;
    private final double[] params;
    private final double[] state;
    private boolean haveGood;

    private Fit(Trainer trainer, FitOptions options) {
        this.trainer = trainer;
        this.options = options;
        int size = trainer.parameterSize();
        this.grad = new double[size];
        this.good = options.keepLastGood() ? new double[size] : null;
        this.params = new double[size];
        this.state = new double[trainer.optimizerStateSize()];
        this.bestParams = options.earlyStopping() != null && options.earlyStopping().restoreBest() ? new double[size] : null;
        List<TensorSpec> params = trainer.parameters();
        this.offsets = new int[params.size() + 1];
        for (int i = 0; i < params.size(); i++) {
            offsets[i + 1] = offsets[i] + params.get(i).size();
        }
    }

    /**
     * Trains {@code trainer} on {@code data}; {@code validation} may be null. The run's learning rate is
     * {@code baseLr}, which replaces the trainer's (the .net file's, or the last one set): a schedule starts
     * from it, and without one the trainer is set to it. Afterwards the trainer keeps the last rate it
     * trained with, as torch's optimizer keeps its scheduler's last one: a second run on the same trainer
     * starts there unless given a rate. A run replays its shuffles and schedule from epoch
     * {@link FitOptions#startEpoch()} (0 unless resuming a checkpoint), so two runs of 10 epochs are not
     * one of 20: resume with {@code withStartEpoch}.
     *
     * @throws TrainingDivergedException when a loss or gradient is not finite
     */
    public static FitResult run(Trainer trainer, DataSet data, DataSet validation, FitOptions options, double baseLr,
                                TrainingListener listener) {
        return new Fit(trainer, options).loop(data, validation, baseLr, listener);
    }

    /** {@link #run} with the trainer's own learning rate ({@link Trainer#learningRate()}). */
    public static FitResult run(Trainer trainer, DataSet data, DataSet validation, FitOptions options, TrainingListener listener) {
        return run(trainer, data, validation, options, trainer.learningRate(), listener);
    }

    private FitResult loop(DataSet data, DataSet validation, double baseLr, TrainingListener listener) {
        int n = data.size();
        if (n == 0) {
            throw new DataException("the data has no examples");
        }
        if (validation != null && validation.size() == 0) {
            throw new DataException("the validation data has no examples");
        }
        if (options.batch() > trainer.maxBatch()) { // never train silently with another batch than the one asked for
            throw new IllegalArgumentException("batch " + options.batch() + " is larger than this " + trainer.modelName()
                    + " trainer's maximum batch " + trainer.maxBatch() + "; build it for that batch (new "
                    + trainer.modelName() + "(" + options.batch() + ")) or ask for a batch of at most " + trainer.maxBatch());
        }
        int size = options.batch();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng rng = new Rng(options.seed() ^ 0x5DEECE66DL);
        int batches = (n + size - 1) / size;
        LrSchedule schedule = options.schedule();
        if (schedule != null && !(schedule instanceof LrSchedule.OneCycle) && !(baseLr > 0)) {
            throw new IllegalArgumentException("a learning-rate schedule needs the optimizer's learning rate; found " + baseLr);
        }
        LrScheduler scheduler = schedule == null ? null : new LrScheduler(schedule, baseLr, options.epochs(), batches);
        if (scheduler == null && baseLr > 0) {
            trainer.learningRate(baseLr); // the rate the run reports is the one it trains with
        }
        EarlyStopping stopping = options.earlyStopping();
        double minDelta = stopping == null ? 0 : stopping.minDelta();
        List<EpochResult> results = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        int wait = 0;
        boolean stopped = false;
        boolean restored = false;
        replay(order, rng, scheduler, batches);
        for (int epoch = options.startEpoch(); epoch < options.epochs(); epoch++) {
            if (options.shuffle()) {
                rng.shuffle(order);
            }
            double epochLr = scheduler == null ? baseLr : scheduler.lr();
            double total = 0;
            int b = 0;
            for (int from = 0; from < n; from += size) {
                int count = Math.min(size, n - from);
                if (scheduler != null) {
                    trainer.learningRate(scheduler.lr());
                }
                double loss = checkedStep(data, order, from, count, epoch, b, batches);
                total += loss;
                listener.batchEnd(epoch, b++, batches, count, loss);
                if (scheduler != null) {
                    scheduler.batchEnd();
                }
            }
            double mean = total / batches;
            checkFinite(epoch, batches);
            double val = Double.NaN;
            if (validation != null) {
                val = trainer.meanLoss(validation);
                if (!Double.isFinite(val)) {
                    throw diverged(String.format(Locale.ROOT, "training diverged after epoch %d: the validation loss is %s",
                            epoch + 1, val), epoch, batches - 1);
                }
            }
            double monitored = validation != null ? val : mean;
            boolean improved = monitored - minDelta < best;
            if (stopping != null && stopping.restoreBest() && bestEpoch < 0) {
                trainer.getParameters(bestParams);
            }
            wait++;
            if (improved) {
                best = monitored;
                bestEpoch = epoch;
                wait = 0;
                if (bestParams != null) {
                    trainer.getParameters(bestParams);
                }
            }
            EpochResult r = new EpochResult(epoch, mean, epochLr, val, improved);
            results.add(r);
            listener.epochEnd(r);
            if (scheduler != null) {
                scheduler.epochEnd(monitored);
            }
            if (stopping != null && wait >= stopping.patience() && epoch > 0) {
                stopped = true;
                if (bestParams != null) {
                    trainer.setParameters(bestParams);
                    restored = true;
                }
                break;
            }
        }
        return new FitResult(List.copyOf(results), bestEpoch, stopped, restored);
    }

    /**
     * A resumed run: the shuffles and schedule steps of the epochs that ran before, so that the run
     * goes on exactly as an uninterrupted one (the parameters and optimizer state come from the
     * checkpoint). Reduce-on-plateau and early stopping depend on the losses of those epochs, which
     * a checkpoint does not keep, so they are refused.
     */
    private void replay(int[] order, Rng rng, LrScheduler scheduler, int batches) {
        int done = options.startEpoch();
        if (done == 0) {
            return;
        }
        if (done > options.epochs()) {
            throw new IllegalArgumentException("the run resumes after epoch " + done + " of only " + options.epochs());
        }
        if (options.schedule() instanceof LrSchedule.Plateau || options.earlyStopping() != null) {
            throw new IllegalArgumentException("a resumed run cannot continue " + (options.earlyStopping() != null
                    ? "early stopping" : "a plateau schedule") + ": it depends on the losses of the epochs before");
        }
        for (int epoch = 0; epoch < done; epoch++) {
            if (options.shuffle()) {
                rng.shuffle(order);
            }
            if (scheduler != null) {
                for (int b = 0; b < batches; b++) {
                    scheduler.batchEnd();
                }
                scheduler.epochEnd(Double.NaN);
            }
        }
    }

    private double checkedStep(DataSet data, int[] order, int from, int count, int epoch, int batch, int batches) {
        double loss = trainer.lossAndGradient(data, order, from, count);
        trainer.getGradients(grad);
        int bad = firstNonFinite(grad);
        if (!Double.isFinite(loss) || bad >= 0) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "training diverged at epoch %d, step %d of %d: ",
                    epoch + 1, batch + 1, batches));
            s.append(Double.isFinite(loss) ? "the gradient of " + element(bad) + " is " + grad[bad]
                    : "the loss is " + loss);
            double[] params = new double[grad.length];
            trainer.getParameters(params);
            int badParam = firstNonFinite(params);
            if (badParam >= 0) {
                s.append("; parameter ").append(element(badParam)).append(" is ").append(params[badParam]);
            } else if (!Double.isFinite(loss) && bad >= 0) {
                s.append("; the first non-finite gradient is of ").append(element(bad));
            }
            throw diverged(s.toString(), epoch, batch);
        }
        if (good != null) {
            trainer.getParameters(good);
            haveGood = true;
        }
        if (options.clipNorm() > 0 || options.clipValue() > 0) {
            Clipping.clip(grad, offsets, options.clipNorm(), options.clipValue());
            trainer.setGradients(grad);
        }
        trainer.applyGradients();
        return loss;
    }

    /** After an epoch: every parameter and every number of the optimizer's state must be finite. */
    private void checkFinite(int epoch, int batches) {
        trainer.getParameters(params);
        int bad = firstNonFinite(params);
        String what = null;
        if (bad >= 0) {
            what = "parameter " + element(bad) + " is " + params[bad];
        } else {
            trainer.getOptimizerState(state);
            int s = firstNonFinite(state);
            if (s >= 0) {
                what = "the optimizer's state (number " + s + " of " + state.length + ") is " + state[s];
            }
        }
        if (what != null) {
            throw diverged(String.format(Locale.ROOT, "training diverged in epoch %d: %s after the update, though the loss was finite",
                    epoch + 1, what), epoch, batches - 1);
        }
    }

    private TrainingDivergedException diverged(String message, int epoch, int batch) {
        boolean restored = good != null && haveGood && firstNonFinite(good) < 0;
        if (restored) {
            trainer.setParameters(good);
        }
        return new TrainingDivergedException(message, epoch + 1, batch + 1, restored);
    }

    private static int firstNonFinite(double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The flat index's parameter and element, like {@code 'W1'[2][0]} → {@code W1[2][0]}. */
    private String element(int flat) {
        List<TensorSpec> params = trainer.parameters();
        for (int p = 0; p < params.size(); p++) {
            if (flat < offsets[p + 1]) {
                // W1[3, 1], as .net files and explain --follow write an element (a CSV column is W1[3][1])
                return "'" + params.get(p).columns()[flat - offsets[p]].replace("][", ", ") + "'";
            }
        }
        return "#" + flat;
    }
}
