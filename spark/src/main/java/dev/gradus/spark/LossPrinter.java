package dev.gradus.spark;

import dev.gradus.runtime.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints training progress on the driver as {@code gradus train} does in a log: about ten epochs' losses, and every step's if asked. */
final class LossPrinter implements TrainingListener {
    private final PrintWriter out;
    private final int epochs;
    private final boolean steps;
    private final boolean quiet;

    LossPrinter(PrintWriter out, int epochs, boolean steps, boolean quiet) {
        this.out = out;
        this.epochs = epochs;
        this.steps = steps;
        this.quiet = quiet;
    }

    @Override
    public void batchEnd(int epoch, int batch, int batches, int examples, double loss) {
        if (steps && !quiet) {
            out.printf(Locale.ROOT, "epoch %d/%d step %d/%d loss %s (%d examples)%n", epoch + 1, epochs, batch + 1, batches, number(loss), examples);
            out.flush();
        }
    }

    @Override
    public void epochEnd(int epoch, double meanLoss) {
        if (quiet) {
            return;
        }
        int shown = epoch + 1;
        int every = Math.max(1, epochs / 10);
        if (epochs <= 20 || shown % every == 0 || shown == epochs || shown == 1) {
            out.printf(Locale.ROOT, "epoch %d/%d loss %s%n", shown, epochs, number(meanLoss));
            out.flush();
        }
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
