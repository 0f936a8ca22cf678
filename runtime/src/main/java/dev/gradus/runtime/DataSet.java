package dev.gradus.runtime;

import java.util.List;

/**
 * Examples in memory: for each field (input or target) one row of numbers per example, laid
 * out flat (a matrix field row-major). Class indices are stored as numbers.
 */
public final class DataSet {
    private final String[] names;
    private final double[][][] rows;
    private final int size;

    /** {@code rows[f][e]} holds field {@code f} of example {@code e}. */
    public DataSet(List<String> names, double[][][] rows) {
        this.names = names.toArray(new String[0]);
        this.rows = rows;
        this.size = rows.length == 0 ? 0 : rows[0].length;
        for (double[][] r : rows) {
            if (r.length != size) {
                throw new IllegalArgumentException("fields of different lengths");
            }
        }
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

    /** The rows of one field; no copy, no allocation. */
    public double[][] rows(String field) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(field)) {
                return rows[i];
            }
        }
        throw new IllegalArgumentException("the data has no field '" + field + "'");
    }

    /** The examples at these indices, in this order; rows are shared, not copied. */
    public DataSet select(int[] examples) {
        double[][][] out = new double[rows.length][examples.length][];
        for (int f = 0; f < rows.length; f++) {
            for (int i = 0; i < examples.length; i++) {
                out[f][i] = rows[f][examples[i]];
            }
        }
        return new DataSet(List.of(names), out);
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
