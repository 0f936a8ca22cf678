package dev.gradus.cli;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares a trainer's backward pass with central finite differences of its loss, element by
 * element, with the combined test of {@code torch.autograd.gradcheck}: an element passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|}. Works on any {@link Trainer}, so a test
 * can hand it one whose generated source was altered.
 */
final class Gradcheck {
    static final double ATOL = 1e-5;
    static final double RTOL = 1e-3;

    /** One parameter's worst errors and where they are; {@code failures} lists the elements that fail. */
    record Result(TensorSpec param, double worstAbs, String worstAbsAt, double worstRel, String worstRelAt, List<String> failures) {
        boolean ok() {
            return failures.isEmpty();
        }
    }

    private Gradcheck() {}

    /** Checks every parameter at its current values on examples {@code 0..examples-1} of {@code data}. */
    static List<Result> check(Trainer trainer, DataSet data, int examples, double atol, double rtol) {
        boolean training = trainer.training();
        trainer.training(false); // dropout is the identity here, as in evaluation: the loss is a function of the parameters
        trainer.lossAndGradient(data, null, 0, examples);
        trainer.training(training);
        List<Result> results = new ArrayList<>();
        for (TensorSpec p : trainer.parameters()) {
            double[] g = new double[p.size()];
            double[] v = new double[p.size()];
            trainer.getGradient(p.name(), g);
            trainer.getParameter(p.name(), v);
            double worstAbs = 0;
            double worstRel = 0;
            String absAt = "-";
            String relAt = "-";
            List<String> failures = new ArrayList<>();
            for (int k = 0; k < v.length; k++) {
                double h = 1e-6 * Math.max(1, Math.abs(v[k]));
                double keep = v[k];
                v[k] = keep + h;
                trainer.setParameter(p.name(), v);
                double plus = trainer.loss(data, null, 0, examples);
                v[k] = keep - h;
                trainer.setParameter(p.name(), v);
                double minus = trainer.loss(data, null, 0, examples);
                v[k] = keep;
                trainer.setParameter(p.name(), v);
                double numeric = (plus - minus) / (2 * h);
                double abs = Math.abs(g[k] - numeric);
                if (abs > worstAbs || absAt.equals("-")) {
                    worstAbs = abs;
                    absAt = element(p, k);
                }
                // Relative errors mean something only where the gradient is not zero up to the differences' rounding.
                if (Math.abs(numeric) > atol) {
                    double rel = abs / Math.abs(numeric);
                    if (rel > worstRel || relAt.equals("-")) {
                        worstRel = rel;
                        relAt = element(p, k);
                    }
                }
                if (!(abs <= atol + rtol * Math.abs(numeric))) {
                    failures.add(String.format(Locale.ROOT, "%s%s: backward %.9g, finite differences %.9g", p.name(), element(p, k),
                            g[k], numeric));
                }
            }
            results.add(new Result(p, worstAbs, absAt, worstRel, relAt, failures));
        }
        return results;
    }

    /** {@code [3, 1]} for an element of a matrix, {@code [3]} of a vector, empty for a scalar. */
    static String element(TensorSpec p, int k) {
        int[] shape = p.shape();
        if (shape.length == 0) {
            return "";
        }
        return shape.length == 1 ? "[" + k + "]" : "[" + k / shape[1] + ", " + k % shape[1] + "]";
    }

    /** The report a user reads: one line per parameter, the failing elements, and the verdict. */
    static String report(List<Result> results, double atol, double rtol) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-12s %-10s %-26s %-26s%n", "parameter", "shape", "worst absolute error",
                "worst relative error"));
        boolean ok = true;
        for (Result r : results) {
            String rel = r.worstRelAt().equals("-") ? "-" : String.format(Locale.ROOT, "%.2e at %s%s", r.worstRel(), r.param().name(), r.worstRelAt());
            s.append(String.format(Locale.ROOT, "%-12s %-10s %-26s %-26s %s%n", r.param().name(), r.param().shapeText(),
                    String.format(Locale.ROOT, "%.2e at %s%s", r.worstAbs(), r.param().name(), r.worstAbsAt()), rel,
                    r.ok() ? "ok" : "FAILED"));
            ok &= r.ok();
        }
        for (Result r : results) {
            r.failures().stream().limit(5).forEach(f -> s.append("  ").append(f).append('\n'));
            if (r.failures().size() > 5) {
                s.append("  ... and ").append(r.failures().size() - 5).append(" more elements of ").append(r.param().name()).append('\n');
            }
        }
        s.append(String.format(Locale.ROOT, "%s: |backward - finite differences| %s %.0e + %.0e * |finite differences| %s%n",
                ok ? "gradients match" : "gradients differ", ok ? "<=" : "exceeds", atol, rtol,
                ok ? "for every element" : "for the elements above"));
        s.append("(relative errors are over elements whose finite difference exceeds atol)\n");
        return s.toString();
    }

    static boolean ok(List<Result> results) {
        return results.stream().allMatch(Result::ok);
    }
}
