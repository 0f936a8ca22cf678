package dev.gradus.cli;

/**
 * eval and predict never print or write a NaN or an infinity as a result: a non-finite output or
 * mean loss is an error (exit 1) naming the example, and nothing is written.
 */
final class NonFinite {
    /** Where a NaN comes from when the model's numbers are in float's range. */
    private static final String DOMAIN = "a function outside its domain, such as log or sqrt of a negative value";

    /** What follows a value that is not finite: an infinity is most often float's range; a NaN may as well be a function's domain. */
    static String hint(double value) {
        return Double.isNaN(value)
                ? ", not a number (" + DOMAIN + ", or values beyond the range of float: try --precision double); nothing written"
                : ", not a finite number (inputs or parameters beyond the range of float? try --precision double); nothing written";
    }

    /**
     * explain, graph and report at an example whose loss or gradient is not finite: the walkthrough, graph or page is
     * shown all the same (it shows where), then the command fails naming the first value that is not finite
     * ({@code wrong}, from {@code Explainer.notFinite}); 0 where {@code wrong} is null.
     */
    static int shown(String wrong) {
        if (wrong != null) {
            throw new CliException("at this example " + wrong + (wrong.contains("NaN") ? " (" + DOMAIN + "?)" : ""));
        }
        return 0;
    }

    private NonFinite() {}

    /** Throws if an output of example {@code e} of {@code source} is not finite. */
    static void check(String source, int e, double[] outputs) {
        for (int k = 0; k < outputs.length; k++) {
            if (!Double.isFinite(outputs[k])) {
                throw new CliException(source + ": the output of example " + e + " (from 0), element " + k + ", is " + outputs[k] + hint(outputs[k]));
            }
        }
    }
}
