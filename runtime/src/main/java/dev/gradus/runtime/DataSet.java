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
