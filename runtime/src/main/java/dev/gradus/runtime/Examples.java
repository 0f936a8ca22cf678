package dev.gradus.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Examples as a CSV file is read: one growing primitive array per field, row after row. Running
 * out of memory is reported as a {@link DataException} that says how much the data needs.
 */
final class Examples {
    private final String file;
    private final List<TensorSpec> fields;
    private final int[] width;
    private final double[][] values;
    private final double[][] row;
    private int size;

    Examples(String file, List<TensorSpec> fields) {
        this.file = file;
        this.fields = fields;
        this.width = new int[fields.size()];
        this.values = new double[fields.size()][];
        this.row = new double[fields.size()][];
        for (int f = 0; f < width.length; f++) {
            width[f] = fields.get(f).size();
            values[f] = new double[width[f] * 64];
            row[f] = new double[width[f]];
        }
    }

    int size() {
        return size;
    }

    void beginRow() {
        // every value of a row is set before endRow: Csv checks that no needed cell is missing
    }

    void set(int field, int slot, double v) {
        row[field][slot] = v;
    }

    /** Appends the row just set; {@code line} is where it began, for the message if memory runs out. */
    void endRow(long line) {
        for (int f = 0; f < values.length; f++) {
            long end = (long) (size + 1) * width[f];
            if (end > values[f].length) {
                values[f] = grow(values[f], end, line);
            }
            System.arraycopy(row[f], 0, values[f], size * width[f], width[f]);
        }
        size++;
    }

    private double[] grow(double[] a, long needed, long line) {
        long max = Integer.MAX_VALUE - 8;
        if (needed > max) {
            throw new DataException(file + ":" + line + ":1: too many examples: one field would need more than " + max + " numbers");
        }
        long capacity = Math.min(max, Math.max(needed, a.length + (a.length >> 1)));
        try {
            return Arrays.copyOf(a, (int) capacity);
        } catch (OutOfMemoryError e) {
            throw tooLarge(line);
        }
    }

    /** The examples, flat; the arrays are handed over, not copied. */
    DataSet toDataSet() {
        int[] widths = width.clone();
        return DataSet.ofValues(fields.stream().map(TensorSpec::name).toList(), widths, values, size);
    }

    private DataException tooLarge(long line) {
        Arrays.fill(values, null);
        long numbers = 0;
        for (int w : width) {
            numbers += w;
        }
        long mb = 1 << 20;
        return new DataException(file + (line > 0 ? ":" + line + ":1" : "") + ": the data does not fit in memory: " + size
                + " examples of " + numbers + " numbers each (" + (size * numbers * 8 / mb) + " MB) read so far, and Java's maximum heap is "
                + Runtime.getRuntime().maxMemory() / mb + " MB; give Java more memory (java -Xmx...) or use less data");
    }
}
