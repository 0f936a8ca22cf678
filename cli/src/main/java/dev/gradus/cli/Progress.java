package dev.gradus.cli;

import dev.gradus.runtime.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress. On a terminal, a progress bar (the progressbar library) over all examples of
 * all epochs, with examples/s and the last epoch's loss; otherwise plain lines for about ten evenly
 * spaced epochs and the last, which read well in logs and CI.
 */
final class Progress implements TrainingListener, AutoCloseable {
    private final PrintWriter out;
    private final int epochs;
    private final boolean quiet;
    private final ProgressBar bar;
    private long lastMessage;

    private Progress(PrintWriter out, int epochs, boolean quiet, ProgressBar bar) {
        this.out = out;
        this.epochs = epochs;
        this.quiet = quiet;
        this.bar = bar;
    }

    static Progress create(PrintWriter out, int epochs, long examplesPerEpoch, boolean quiet) {
        boolean terminal = System.console() != null && System.getenv("CI") == null;
        ProgressBar bar = null;
        if (terminal && !quiet) {
            bar = new ProgressBarBuilder().setTaskName("training").setInitialMax(epochs * examplesPerEpoch)
                    .setUnit(" examples", 1).showSpeed().setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(100).setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .continuousUpdate().build();
        }
        return new Progress(out, epochs, quiet, bar);
    }

    @Override
    public void batchEnd(int epoch, int batch, int batches, int count, double loss) {
        if (bar != null) {
            bar.stepBy(count);
        }
    }

    @Override
    public void epochEnd(int epoch, double meanLoss) {
        epochEnd(epoch, () -> "loss " + number(meanLoss));
    }

    /** After an epoch; {@code text} (the loss and metrics) is computed only for the epochs shown. */
    void epochEnd(int epoch, java.util.function.Supplier<String> text) {
        if (quiet) {
            return;
        }
        int shown = epoch + 1;
        if (bar != null) {
            long now = System.nanoTime();
            if (now - lastMessage > 100_000_000L || shown == epochs) { // formatting every epoch would slow tiny models
                lastMessage = now;
                bar.setExtraMessage(String.format(Locale.ROOT, "  epoch %d/%d %s", shown, epochs, text.get()));
            }
            return;
        }
        int every = Math.max(1, epochs / 10);
        if (epochs <= 20 || shown % every == 0 || shown == epochs || shown == 1) {
            out.printf(Locale.ROOT, "epoch %d/%d %s%n", shown, epochs, text.get());
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
