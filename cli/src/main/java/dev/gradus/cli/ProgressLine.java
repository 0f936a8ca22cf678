package dev.gradus.cli;

import java.util.Locale;

/**
 * One line of the terminal progress display, fitted to the terminal's width:
 * {@code epoch 3/10 [████▌·····] 45% loss 0.123456 12.3k ex/s ETA 0:05}. The bar takes the width
 * the text leaves; on a narrow terminal the ETA, then the rate, then the bar are left out, never
 * the epoch or the loss. Colors (a green bar) only when asked.
 */
final class ProgressLine {
    private static final String GREEN = "\u001B[32m";
    private static final String RESET = "\u001B[0m";
    private static final char[] PARTS = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'};

    private ProgressLine() {}

    /**
     * @param done fraction of all examples of all epochs done, 0..1
     * @param rate smoothed examples per second, or NaN while unknown
     * @param eta seconds left, or NaN while unknown
     */
    static String render(int width, int epoch, int epochs, double done, double loss, double rate, double eta, boolean color) {
        String head = String.format(Locale.ROOT, "epoch %d/%d ", epoch, epochs);
        String pct = String.format(Locale.ROOT, " %3d%%", (int) Math.floor(done * 100));
        String lossText = " loss " + Progress.number(loss);
        String rateText = Double.isNaN(rate) ? "" : " " + rate(rate) + " ex/s";
        String etaText = Double.isNaN(eta) ? "" : " ETA " + duration(eta);
        int room = width - 1; // the last column would wrap on some terminals
        int minBar = 10;
        if (head.length() + 2 + minBar + pct.length() + lossText.length() + rateText.length() + etaText.length() > room) {
            etaText = "";
        }
        if (head.length() + 2 + minBar + pct.length() + lossText.length() + rateText.length() > room) {
            rateText = "";
        }
        int barCells = room - head.length() - 2 - pct.length() - lossText.length() - rateText.length() - etaText.length();
        StringBuilder s = new StringBuilder(head);
        if (barCells >= minBar) {
            s.append('[').append(color ? GREEN : "").append(bar(done, barCells)).append(color ? RESET : "").append(']').append(pct);
        } else {
            s.setLength(s.length() - 1);
            s.append(pct);
        }
        s.append(lossText).append(rateText).append(etaText);
        String text = s.toString();
        int visible = text.length() - (color && barCells >= minBar ? GREEN.length() + RESET.length() : 0);
        return visible > room ? text.substring(0, text.length() - (visible - room)) : text;
    }

    private static String bar(double done, int cells) {
        double filled = Math.max(0, Math.min(1, done)) * cells;
        int full = (int) filled;
        StringBuilder s = new StringBuilder(cells);
        for (int i = 0; i < full; i++) {
            s.append('█');
        }
        if (full < cells) {
            s.append(PARTS[(int) ((filled - full) * PARTS.length)]);
            for (int i = full + 1; i < cells; i++) {
                s.append(' ');
            }
        }
        return s.toString();
    }

    static String rate(double r) {
        if (r >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", r / 1e6);
        }
        if (r >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", r / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", r);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
