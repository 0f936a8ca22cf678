package dev.gradus.cli;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.EpochResult;
import dev.gradus.runtime.Trainer;
import dev.gradus.runtime.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Records every epoch of a run (with the validation metrics after it) for the log, the plot and the
 * sparkline, and tells {@link Progress} what to show: the loss, the training metrics at the epochs
 * it prints, the validation loss and metrics, and the learning rate when a schedule moves it.
 */
final class History implements TrainingListener {
    private final Trainer trainer;
    private final DataSet train;
    private final DataSet validation;
    private final MetricSet target;
    private final boolean showLr;
    private final Progress progress;
    final List<EpochResult> epochs = new ArrayList<>();
    final List<Map<String, Double>> valMetrics = new ArrayList<>();

    History(Trainer trainer, DataSet train, DataSet validation, MetricSet target, boolean showLr, Progress progress) {
        this.trainer = trainer;
        this.train = train;
        this.validation = validation;
        this.target = target;
        this.showLr = showLr;
        this.progress = progress;
    }

    @Override
    public void batchEnd(int epoch, int batch, int batches, int examples, double loss) {
        progress.batchEnd(epoch, batch, batches, examples, loss);
    }

    @Override
    public void epochEnd(EpochResult r) {
        epochs.add(r);
        Map<String, Double> val = validation == null ? Map.of() : target.compute(trainer, validation);
        valMetrics.add(val);
        progress.epochEnd(r.epoch(), () -> line(r, val));
    }

    private String line(EpochResult r, Map<String, Double> val) {
        StringJoiner s = new StringJoiner(" ");
        s.add("loss " + Progress.number(r.loss()));
        target.compute(trainer, train).forEach((k, v) -> s.add(k + " " + Progress.number(v)));
        if (r.hasValidation()) {
            s.add("val_loss " + Progress.number(r.valLoss()));
            val.forEach((k, v) -> s.add("val_" + k + " " + Progress.number(v)));
        }
        if (showLr) {
            s.add(String.format(Locale.ROOT, "lr %.4g", r.lr()));
        }
        return s.toString();
    }

    boolean hasValidation() {
        return validation != null;
    }

    /** The --log CSV: epoch and loss, then lr with a schedule, then the validation loss and metrics. */
    String csv() {
        StringBuilder s = new StringBuilder("epoch,loss");
        if (showLr) {
            s.append(",lr");
        }
        if (validation != null) {
            s.append(",val_loss");
            if (!valMetrics.isEmpty()) {
                valMetrics.get(0).keySet().forEach(k -> s.append(",val_").append(k));
            }
        }
        s.append('\n');
        for (int e = 0; e < epochs.size(); e++) {
            EpochResult r = epochs.get(e);
            s.append(r.epoch() + 1).append(',').append(r.loss());
            if (showLr) {
                s.append(',').append(r.lr());
            }
            if (validation != null) {
                s.append(',').append(r.valLoss());
                valMetrics.get(e).values().forEach(v -> s.append(',').append(v));
            }
            s.append('\n');
        }
        return s.toString();
    }

    double[] losses() {
        return epochs.stream().mapToDouble(EpochResult::loss).toArray();
    }

    double[] valLosses() {
        return epochs.stream().mapToDouble(EpochResult::valLoss).toArray();
    }
}
