package dev.gradus.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The loss per epoch (training, and validation when there is some) as an 800x500 SVG or PNG chart, drawn by XChart. */
final class LossPlot {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private LossPlot() {}

    /** "svg" or "png" after the file's extension; anything else is a usage error. */
    static String format(CommandSpec spec, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg") || Std.dash(file)) {
            return "svg";
        }
        if (name.endsWith(".png")) {
            return "png";
        }
        throw new ParameterException(spec.commandLine(), "--plot writes .svg or .png files, found '" + file + "'");
    }

    static void write(Path file, String model, double[] loss, double[] valLoss) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(model + ": loss per epoch")
                .xAxisTitle("epoch").yAxisTitle("loss").build();
        double[] epochs = new double[loss.length];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = e + 1;
        }
        chart.addSeries("training", epochs, loss).setMarker(loss.length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        if (valLoss != null) {
            chart.addSeries("validation", epochs, valLoss).setMarker(loss.length > 30 ? SeriesMarkers.NONE : SeriesMarkers.DIAMOND);
        }
        Range range = Range.of(loss, valLoss);
        chart.getStyler().setYAxisLogarithmic(range.logarithmic());
        chart.getStyler().setDecimalPattern("#.####");
        if (range.logarithmic()) {
            chart.getStyler().setYAxisTickLabelsFormattingFunction(decades(range));
            chart.getStyler().setPlotGridHorizontalLinesVisible(range.decadeStep() == 1); // not a line per decade of dozens
        }
        try {
            byte[] bytes;
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            } else {
                ByteArrayOutputStream svg = new ByteArrayOutputStream();
                VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                bytes = svg.toByteArray();
            }
            TrainCommand.writeAtomically(file, bytes);
        } catch (IOException e) {
            throw new CliException(file + ": cannot draw the chart: " + e.getMessage());
        }
    }

    /**
     * A log axis's labels: its decades as 1e-3, 0.01 ... 100, 1e+06 (a diverging run's losses span dozens, which
     * XChart's pattern wrote out digit by digit), and no more than about ten of them, every second, third ... decade.
     */
    static java.util.function.Function<Double, String> decades(Range range) {
        long every = range.decadeStep();
        return v -> {
            long e = Math.round(Math.log10(v));
            if (Math.floorMod(e, every) != 0) {
                return "";
            }
            return e >= -3 && e <= 4 ? new java.math.BigDecimal("1e" + e).toPlainString() : "1e" + (e < 0 ? "" : "+") + e;
        };
    }

    /** The least and greatest loss, training and validation, found once for the axis's decisions. */
    record Range(double min, double max) {
        static Range of(double[] loss, double[] valLoss) {
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (double[] a : new double[][] {loss, valLoss == null ? new double[0] : valLoss}) {
                for (double v : a) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            return new Range(min, max);
        }

        /** A log scale when every loss is positive and they span more than two decades. */
        boolean logarithmic() {
            return min > 0 && max / min > 100;
        }

        /** 1 where the losses span at most ten decades, else the step that labels about ten. */
        long decadeStep() {
            long span = Math.round(Math.log10(max / min)) + 1;
            return Math.max(1, (span + 9) / 10);
        }
    }
}
