package dev.gradus.cli;

import dev.gradus.runtime.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress: on a terminal, one line redrawn in place with the epoch, a bar, the loss and
 * examples/s; otherwise plain lines for about ten evenly spaced epochs and the last.
 */
final class Progress implements TrainingListener {
    private final PrintWriter out;
    private final int epochs;
    private final boolean terminal;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private long examples;
    private long lastDraw;

    private Progress(PrintWriter out, int epochs, boolean terminal, boolean quiet) {
        this.out = out;
        this.epochs = epochs;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    static Progress create(PrintWriter out, int epochs, boolean quiet) {
        return new Progress(out, epochs, System.console() != null && System.getenv("CI") == null, quiet);
    }

    @Override
    public void batchEnd(int epoch, int batch, int batches, int count, double loss) {
        examples += count;
    }

    @Override
    public void epochEnd(int epoch, double meanLoss) {
        if (quiet) {
            return;
        }
        int shown = epoch + 1;
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L || shown == epochs) {
                lastDraw = now;
                int width = 30;
                int filled = (int) ((long) shown * width / epochs);
                double rate = examples / ((now - start) / 1e9);
                out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] loss %s  %s examples/s ", shown, epochs, "=".repeat(filled),
                        " ".repeat(width - filled), number(meanLoss), count(rate));
                out.flush();
            }
            return;
        }
        int every = Math.max(1, epochs / 10);
        if (epochs <= 20 || shown % every == 0 || shown == epochs || shown == 1) {
            out.printf(Locale.ROOT, "epoch %d/%d loss %s%n", shown, epochs, number(meanLoss));
        }
    }

    void close() {
        if (terminal && !quiet) {
            out.println();
        }
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
