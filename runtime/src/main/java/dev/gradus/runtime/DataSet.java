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
}
