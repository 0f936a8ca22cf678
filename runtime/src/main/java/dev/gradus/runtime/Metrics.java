package dev.gradus.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of a trained model's output on data, by the kind of its target: accuracy for a class
 * target (argmax of the output, which has one value per class) and for a {@code bce} target (the
 * output above a threshold: 0.5 for a probability, 0 for logits, against a label of at least 0.5);
 * MAE, RMSE and R² (averaged over output columns, as scikit-learn's {@code r2_score}) for regression.
 */
public final class Metrics {
    /** What the model predicts. */
    public enum Kind { CLASS, BINARY, REGRESSION }

    /** The target the output is scored against, and for {@link Kind#BINARY} the output's decision threshold. */
    public record Target(Kind kind, String name, double threshold) {}

    private Metrics() {}

    /** The metrics in print order: {@code accuracy}, or {@code mae}, {@code rmse}, {@code r2}. */
    public static Map<String, Double> compute(Trainer trainer, DataSet data, Target target) {
        double[][] labels = data.rows(target.name());
        double[] y = new double[Trainer.outputSize(trainer)]; // all outputs; the first is judged
        int width = trainer.output().size();
        Map<String, Double> out = new LinkedHashMap<>();
        int n = data.size();
        if (target.kind() == Kind.CLASS) {
            long right = 0;
            for (int e = 0; e < n; e++) {
                trainer.predict(data, e, y);
                right += Trainer.argmax(y, width) == (int) labels[e][0] ? 1 : 0;
            }
            out.put("accuracy", (double) right / n);
        } else if (target.kind() == Kind.BINARY) {
            long right = 0;
            for (int e = 0; e < n; e++) {
                trainer.predict(data, e, y);
                for (int k = 0; k < width; k++) {
                    right += (y[k] > target.threshold()) == (labels[e][k] >= 0.5) ? 1 : 0;
                }
            }
            out.put("accuracy", (double) right / ((long) n * width));
        } else {
            int m = width;
            double[] mean = new double[m];
            for (int e = 0; e < n; e++) {
                for (int k = 0; k < m; k++) {
                    mean[k] += labels[e][k] / n;
                }
            }
            double abs = 0;
            double sq = 0;
            double[] res = new double[m];
            double[] tot = new double[m];
            for (int e = 0; e < n; e++) {
                trainer.predict(data, e, y);
                for (int k = 0; k < m; k++) {
                    double d = y[k] - labels[e][k];
                    abs += Math.abs(d);
                    sq += d * d;
                    res[k] += d * d;
                    tot[k] += (labels[e][k] - mean[k]) * (labels[e][k] - mean[k]);
                }
            }
            double r2 = 0;
            for (int k = 0; k < m; k++) {
                r2 += (tot[k] == 0 ? (res[k] == 0 ? 1 : 0) : 1 - res[k] / tot[k]) / m;
            }
            out.put("mae", abs / ((long) n * m));
            out.put("rmse", Math.sqrt(sq / ((long) n * m)));
            out.put("r2", r2);
        }
        return out;
    }

    /** For a class target: {@code counts[true][predicted]}. */
    public static long[][] confusion(Trainer trainer, DataSet data, Target target, int classes) {
        double[][] labels = data.rows(target.name());
        double[] y = new double[Trainer.outputSize(trainer)]; // all outputs; the first is judged
        long[][] counts = new long[classes][classes];
        for (int e = 0; e < data.size(); e++) {
            trainer.predict(data, e, y);
            counts[(int) labels[e][0]][Trainer.argmax(y, trainer.output().size())]++;
        }
        return counts;
    }
}
