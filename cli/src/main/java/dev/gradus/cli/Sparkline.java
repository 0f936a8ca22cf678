package dev.gradus.cli;

/** A loss curve in one line of block characters (▁ to █), for the end of a run on a terminal. */
final class Sparkline {
    private static final char[] BLOCKS = "▁▂▃▄▅▆▇█".toCharArray();

    private Sparkline() {}

    /** At most {@code width} characters: each the mean of its share of the values, scaled from their minimum to maximum. */
    static String of(double[] values, int width) {
        int n = Math.min(width, values.length);
        if (n == 0) {
            return "";
        }
        double[] cells = new double[n];
        for (int c = 0; c < n; c++) {
            int from = (int) ((long) c * values.length / n);
            int to = (int) ((long) (c + 1) * values.length / n);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += values[i];
            }
            cells[c] = sum / (to - from);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : cells) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        StringBuilder s = new StringBuilder(n);
        for (double v : cells) {
            int k = max > min ? (int) Math.round((v - min) / (max - min) * (BLOCKS.length - 1)) : 0;
            s.append(BLOCKS[k]);
        }
        return s.toString();
    }
}
