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

    /** Every metric there is: {@code accuracy} for a class or binary target, the others for regression. */
    public static final java.util.List<String> NAMES = java.util.List.of("accuracy", "mae", "mse", "rmse", "r2");

    /**
     * The target an output is scored against, and for {@link Kind#BINARY} the output's decision
     * threshold. The output is {@code width} values from {@code offset} of all outputs laid end to end
     * (width -1: the first output's size); {@code chosen} names the metrics to compute (empty: the
     * kind's usual ones) and each result's key is the metric's name followed by {@code suffix}
     * ({@code mae(recon)} for the output recon, say).
     */
    public record Target(Kind kind, String name, double threshold, int offset, int width, String suffix,
                         java.util.List<String> chosen) {
        /** The first output, and the kind's usual metrics: accuracy, or MAE, RMSE and R². */
        public Target(Kind kind, String name, double threshold) {
            this(kind, name, threshold, 0, -1, "", java.util.List.of());
        }

        private boolean wants(String metric) {
            return chosen.isEmpty() ? !metric.equals("mse") : chosen.contains(metric);
        }
    }

    private Metrics() {}

    /** The metrics in print order: {@code accuracy}, or {@code mae}, ({@code mse},) {@code rmse}, {@code r2}. */
    public static Map<String, Double> compute(Trainer trainer, DataSet data, Target target) {
        double[][] labels = data.rows(target.name());
        double[] all = new double[Trainer.outputSize(trainer)]; // all outputs; the target's is judged
        int width = target.width() < 0 ? trainer.output().size() : target.width();
        double[] y = target.offset() == 0 ? all : new double[width];
        Map<String, Double> out = new LinkedHashMap<>();
        int n = data.size();
        if (target.kind() == Kind.CLASS) {
            long right = 0;
            for (int e = 0; e < n; e++) {
                output(trainer, data, e, all, y, target.offset());
                right += Trainer.argmax(y, width) == (int) labels[e][0] ? 1 : 0;
            }
            out.put("accuracy" + target.suffix(), (double) right / n);
        } else if (target.kind() == Kind.BINARY) {
            long right = 0;
            for (int e = 0; e < n; e++) {
                output(trainer, data, e, all, y, target.offset());
                for (int k = 0; k < width; k++) {
                    right += (y[k] > target.threshold()) == (labels[e][k] >= 0.5) ? 1 : 0;
                }
            }
            out.put("accuracy" + target.suffix(), (double) right / ((long) n * width));
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
                output(trainer, data, e, all, y, target.offset());
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
            Map<String, Double> all3 = new LinkedHashMap<>();
            all3.put("mae", abs / ((long) n * m));
            all3.put("mse", sq / ((long) n * m));
            all3.put("rmse", Math.sqrt(sq / ((long) n * m)));
            all3.put("r2", r2);
            all3.forEach((k, v) -> {
                if (target.wants(k)) {
                    out.put(k + target.suffix(), v);
                }
            });
        }
        return out;
    }

    /** The outputs of example {@code e} into {@code all}, and the judged one's values into {@code y} (the same array at offset 0). */
    private static void output(Trainer trainer, DataSet data, int e, double[] all, double[] y, int offset) {
        trainer.predict(data, e, all);
        if (y != all) {
            System.arraycopy(all, offset, y, 0, y.length);
        }
    }

    /** For a class target: {@code counts[true][predicted]}. */
    public static long[][] confusion(Trainer trainer, DataSet data, Target target, int classes) {
        double[][] labels = data.rows(target.name());
        double[] all = new double[Trainer.outputSize(trainer)]; // all outputs; the target's is judged
        double[] y = target.offset() == 0 ? all : new double[classes];
        long[][] counts = new long[classes][classes];
        for (int e = 0; e < data.size(); e++) {
            output(trainer, data, e, all, y, target.offset());
            counts[(int) labels[e][0]][Trainer.argmax(y, classes)]++;
        }
        return counts;
    }
}
