package dev.gradus.cli;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.EpochResult;
import dev.gradus.runtime.FitOptions;
import dev.gradus.runtime.FitResult;
import dev.gradus.runtime.Trainer;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.StringJoiner;

/** What train prints about its settings before a run and about its outcome after it. */
final class RunText {
    private RunText() {}

    /** {@code n} and the noun, singular for one: "1 epoch", "2 epochs". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The settings beyond the optimizer, like {@code , schedule cosine(...), clip_grad_norm 1, 20 validation examples}. */
    static String extras(FitOptions o, DataSet validation) {
        StringBuilder s = new StringBuilder();
        if (o.schedule() != null) {
            s.append(", schedule ").append(Schedules.text(o.schedule()));
        }
        if (o.clipNorm() > 0) {
            s.append(", clip_grad_norm ").append(Schedules.n(o.clipNorm()));
        }
        if (o.clipValue() > 0) {
            s.append(", clip_grad_value ").append(Schedules.n(o.clipValue()));
        }
        if (validation != null) {
            s.append(", ").append(count(validation.size(), "validation example"));
        }
        if (o.earlyStopping() != null) {
            s.append(", early stopping after ").append(count(o.earlyStopping().patience(), "epoch")).append(" without improvement");
        }
        return s.toString();
    }

    /** Early stopping's outcome and the final metrics on the training (and validation) data. */
    static void summary(PrintWriter out, FitResult r, Trainer trainer, DataSet train, DataSet validation, MetricSet target,
                        boolean quiet) {
        String monitored = validation != null ? "val_loss" : "loss";
        if (r.stoppedEarly()) {
            EpochResult best = r.epochs().get(r.bestEpoch());
            out.printf(Locale.ROOT, "stopped early after epoch %d: %s did not improve for %s; %s the parameters of epoch %d (%s %s%s)%n",
                    r.epochs().size(), monitored, count(r.epochs().size() - 1 - r.bestEpoch(), "epoch"),
                    r.restoredBest() ? "restored" : "kept", best.epoch() + 1, monitored, Progress.number(best.monitored()),
                    validation != null ? "" : ", its batches' mean as they trained");
        }
        if (quiet) {
            return;
        }
        StringJoiner s = new StringJoiner(", ");
        target.compute(trainer, train).forEach((k, v) -> s.add(k + " " + Progress.number(v)));
        if (validation != null) {
            s.add("val_loss " + Progress.number(trainer.meanLoss(validation)));
            target.compute(trainer, validation).forEach((k, v) -> s.add("val_" + k + " " + Progress.number(v)));
        }
        if (s.length() > 0) {
            out.println("final " + s);
        }
    }
}
