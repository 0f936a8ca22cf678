package dev.gradus.cli;

import dev.gradus.runtime.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Training progress. On a terminal, one line redrawn at most ten times a second
 * ({@link ProgressLine}: epoch, bar, the epoch's running loss, smoothed examples/s and ETA, within
 * the terminal's width, which jline reads), with the printed epoch lines above it; colors unless
 * NO_COLOR is set or TERM is dumb. Otherwise plain lines for about ten evenly spaced epochs and
 * the last, which read well in logs and CI.
 */
final class Progress implements TrainingListener, AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintWriter out;
    private final int epochs;
    private final long total;
    private final boolean quiet;
    private final Terminal terminal;
    private final boolean color;
    private final long start = System.nanoTime();
    private long examples;
    private long lastDraw = start;
    private long lastExamples;
    private double rate = Double.NaN;
    private double epochLoss;
    private int epochBatches;
    private boolean drawn;

    private Progress(PrintWriter out, int epochs, long total, boolean quiet, Terminal terminal) {
        this.out = out;
        this.epochs = epochs;
        this.total = total;
        this.quiet = quiet;
        this.terminal = terminal;
        String term = System.getenv("TERM");
        this.color = System.getenv("NO_COLOR") == null && term != null && !term.equals("dumb");
    }

    static Progress create(PrintWriter out, int epochs, long examplesPerEpoch, boolean quiet) {
        Terminal terminal = null;
        if (System.console() != null && System.getenv("CI") == null && !quiet) {
            try {
                terminal = TerminalBuilder.builder().system(true).dumb(true).build();
            } catch (IOException | RuntimeException e) {
                terminal = null; // no terminal to draw on: plain lines
            }
        }
        return new Progress(out, epochs, epochs * examplesPerEpoch, quiet, terminal);
    }

    @Override
    public void batchEnd(int epoch, int batch, int batches, int count, double loss) {
        if (terminal == null) {
            return;
        }
        examples += count;
        epochLoss += loss;
        epochBatches++;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            double instant = (examples - lastExamples) / ((now - lastDraw) / 1e9);
            rate = Double.isNaN(rate) ? instant : 0.7 * rate + 0.3 * instant;
            lastDraw = now;
            lastExamples = examples;
            draw(epoch + 1, epochLoss / epochBatches);
        }
    }

    private void draw(int epoch, double loss) {
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : columnsVariable();
        double eta = Double.isNaN(rate) || rate <= 0 ? Double.NaN : (total - examples) / rate;
        out.print("\r" + ProgressLine.render(width, epoch, epochs, (double) examples / Math.max(1, total), loss, rate, eta, color)
                + "\u001B[K");
        out.flush();
        drawn = true;
    }

    @Override
    public void epochEnd(int epoch, double meanLoss) {
        epochEnd(epoch, () -> "loss " + number(meanLoss));
    }

    /** After an epoch; {@code text} (the loss and metrics) is computed only for the epochs shown. */
    void epochEnd(int epoch, Supplier<String> text) {
        epochLoss = 0;
        epochBatches = 0;
        if (quiet) {
            return;
        }
        int shown = epoch + 1;
        int every = Math.max(1, epochs / 10);
        if (epochs <= 20 || shown % every == 0 || shown == epochs || shown == 1) {
            clearLine();
            out.printf(Locale.ROOT, "epoch %d/%d %s%n", shown, epochs, text.get());
            out.flush();
        }
    }

    private void clearLine() {
        if (drawn) {
            out.print("\r\u001B[K");
            drawn = false;
        }
    }

    @Override
    public void close() {
        if (terminal != null) {
            clearLine();
            out.flush();
            try {
                terminal.close();
            } catch (IOException e) {
                // nothing was drawn that needs the terminal again
            }
        }
    }

    /** A dumb terminal's width is unknown: COLUMNS if the shell exports it, else 80. */
    private static int columnsVariable() {
        try {
            String c = System.getenv("COLUMNS");
            return c == null ? 80 : Math.max(20, Integer.parseInt(c.trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
