package dev.gradus.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Examples in memory: for each field (input or target) the numbers of every example, row-major
 * (a matrix field's row-major elements, example after example). Class indices are stored as
 * numbers.
 *
 * <p>A field is held flat, one array of {@code size() * width(field)} numbers ({@link #values}:
 * about the size of the numbers), or as one array per example ({@link #rows}: about 20 bytes more
 * per example), and made the other way the first time it is asked for that way. {@link Csv} reads
 * files flat; the first {@link #rows} call releases the flat array, so a data set read for code
 * that wants rows is never held twice. A field made flat from rows keeps both, so callers mixing
 * the two never convert more than once.
 */
public final class DataSet {
    private final String[] names;
    private final int[] widths;
    private final int size;
    private final AtomicReferenceArray<double[]> flat;
    private final AtomicReferenceArray<double[][]> rows;
    private final AtomicReferenceArray<float[]> floats;

    /** {@code rows[f][e]} holds field {@code f} of example {@code e}. */
    public DataSet(List<String> names, double[][][] rows) {
        this.names = names.toArray(new String[0]);
        this.size = rows.length == 0 ? 0 : rows[0].length;
        this.widths = new int[rows.length];
        this.flat = new AtomicReferenceArray<>(rows.length);
        this.rows = new AtomicReferenceArray<>(rows.length);
        this.floats = new AtomicReferenceArray<>(rows.length);
        for (int f = 0; f < rows.length; f++) {
            if (rows[f].length != size) {
                throw new IllegalArgumentException("fields of different lengths");
            }
            widths[f] = size == 0 ? 0 : rows[f][0].length;
            this.rows.set(f, rows[f]);
        }
    }

    private DataSet(String[] names, int[] widths, int size, double[][] values) {
        this.names = names;
        this.widths = widths;
        this.size = size;
        this.flat = new AtomicReferenceArray<>(values);
        this.rows = new AtomicReferenceArray<>(values.length);
        this.floats = new AtomicReferenceArray<>(values.length);
    }

    /**
     * A data set of {@code size} examples from flat arrays: field {@code f} of example {@code e} is
     * {@code values[f][e * widths[f] .. (e + 1) * widths[f] - 1]}. An array may be longer than
     * {@code size * widths[f]}; the rest is ignored. The arrays are taken, not copied.
     */
    public static DataSet ofValues(List<String> names, int[] widths, double[][] values, int size) {
        if (names.size() != widths.length || widths.length != values.length) {
            throw new IllegalArgumentException("names, widths and values differ in number");
        }
        for (int f = 0; f < values.length; f++) {
            if (values[f].length < (long) size * widths[f]) {
                throw new IllegalArgumentException("field '" + names.get(f) + "' has fewer than " + size + " examples");
            }
        }
        return new DataSet(names.toArray(new String[0]), widths.clone(), size, values.clone());
    }

    /**
     * {@code n} random examples for the given fields: inputs drawn from normal(0, 1), targets from
     * uniform(0, 1) (valid probabilities for bce), class indices uniformly. For benchmarks and gradient checks.
     */
    public static DataSet random(List<TensorSpec> inputs, List<TensorSpec> targets, int n, Rng rng) {
        List<String> names = new java.util.ArrayList<>();
        double[][][] rows = new double[inputs.size() + targets.size()][][];
        int f = 0;
        for (List<TensorSpec> group : List.of(inputs, targets)) {
            for (TensorSpec spec : group) {
                double[][] r = new double[n][spec.size()];
                for (double[] row : r) {
                    for (int k = 0; k < row.length; k++) {
                        row[k] = spec.classes() > 0 ? rng.nextInt(spec.classes()) : group == targets ? rng.nextDouble() : rng.normal(0, 1);
                    }
                }
                names.add(spec.name());
                rows[f++] = r;
            }
        }
        return new DataSet(names, rows);
    }

    public int size() {
        return size;
    }

    public boolean has(String field) {
        for (String n : names) {
            if (n.equals(field)) {
                return true;
            }
        }
        return false;
    }

    /** The numbers of one example's field. */
    public int width(String field) {
        return widths[index(field)];
    }

    /**
     * The rows of one field, one array per example; no copy once made, no allocation after the
     * first call. Do not modify them.
     */
    public double[][] rows(String field) {
        int f = index(field);
        double[][] r = rows.get(f);
        return r != null ? r : toRows(f);
    }

    /**
     * One field of every example in one flat array, example {@code e} at
     * {@code [e * width(field), (e + 1) * width(field))}; it may be longer than
     * {@code size() * width(field)}. No copy once made, no allocation after the first call. Do not modify it.
     */
    public double[] values(String field) {
        int f = index(field);
        double[] v = flat.get(f);
        return v != null ? v : toValues(f);
    }

    /**
     * {@link #values} rounded to float, for trainers in single precision: made once, at the first
     * call, and kept beside the doubles (half their size again), so that a step copies its batch
     * rather than converting it. No copy once made, no allocation after the first call. Do not modify it.
     */
    public float[] floatValues(String field) {
        int f = index(field);
        float[] v = floats.get(f);
        return v != null ? v : toFloats(f);
    }

    private synchronized float[] toFloats(int f) {
        float[] v = floats.get(f);
        if (v == null) {
            double[] d = values(names[f]);
            try {
                v = new float[d.length];
            } catch (OutOfMemoryError e) {
                throw doesNotFit("in single precision as well, field", f);
            }
            for (int i = 0; i < d.length; i++) {
                v[i] = (float) d[i];
            }
            floats.set(f, v);
        }
        return v;
    }

    /** The error for a second form of field {@code f} that the heap cannot hold. */
    private DataException doesNotFit(String how, int f) {
        return new DataException("the data (" + size + " examples) does not fit in memory " + how + " '" + names[f]
                + "'; Java's maximum heap is " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB; give Java more memory (java -Xmx...) or use less data");
    }

    private synchronized double[][] toRows(int f) {
        double[][] r = rows.get(f);
        if (r == null) {
            double[] v = flat.get(f);
            int w = widths[f];
            try {
                r = new double[size][];
                for (int e = 0; e < size; e++) {
                    r[e] = Arrays.copyOfRange(v, e * w, (e + 1) * w);
                }
            } catch (OutOfMemoryError e) {
                r = null;
                throw doesNotFit("as rows of field", f);
            }
            rows.set(f, r);
            flat.set(f, null);
        }
        return r;
    }

    private synchronized double[] toValues(int f) {
        double[] v = flat.get(f);
        if (v == null) {
            double[][] r = rows.get(f);
            int w = widths[f];
            v = new double[size * w];
            for (int e = 0; e < size; e++) {
                System.arraycopy(r[e], 0, v, e * w, w);
            }
            flat.set(f, v);
        }
        return v;
    }

    private int index(String field) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(field)) {
                return i;
            }
        }
        throw new IllegalArgumentException("the data has no field '" + field + "'");
    }

    /** The examples at these indices, in this order (copied into flat arrays of their own). */
    public DataSet select(int[] examples) {
        double[][] out = new double[names.length][];
        for (int f = 0; f < names.length; f++) {
            int w = widths[f];
            double[] from = values(names[f]);
            double[] to = new double[examples.length * w];
            for (int i = 0; i < examples.length; i++) {
                System.arraycopy(from, examples[i] * w, to, i * w, w);
            }
            out[f] = to;
        }
        return ofValues(List.of(names), widths, out, examples.length);
    }

    /**
     * Splits off {@code ceil(fraction * size)} examples, chosen by a shuffle seeded with {@code seed},
     * as validation data (the second element); the rest keep their order as training data (the first).
     */
    public DataSet[] split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must be between 0 and 1, found " + fraction);
        }
        int held = (int) Math.ceil(fraction * size);
        if (held >= size) {
            throw new DataException("cannot hold out " + held + " of " + size + " examples for validation and still train");
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        new Rng(seed ^ 0x7A11DA7EL).shuffle(order);
        int[] val = java.util.Arrays.copyOfRange(order, 0, held);
        boolean[] isVal = new boolean[size];
        for (int v : val) {
            isVal[v] = true;
        }
        java.util.Arrays.sort(val);
        int[] train = new int[size - held];
        for (int i = 0, k = 0; i < size; i++) {
            if (!isVal[i]) {
                train[k++] = i;
            }
        }
        return new DataSet[] {select(train), select(val)};
    }
}
