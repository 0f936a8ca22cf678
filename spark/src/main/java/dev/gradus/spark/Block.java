package dev.gradus.spark;

import dev.gradus.runtime.DataException;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One partition's examples as a trainer reads them: a contiguous range of the data's rows, kept in
 * Spark's cache for the whole training, so a step reads only the rows of its batch.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    private final String[] names;
    private final double[][][] rows;
    /** Why the partition's rows could not be read (a null, a class out of range), or null. */
    final String error;
    private transient DataSet data;
    private transient int[] order;
    private transient long orderSeed;
    private transient int orderEpoch;

    private Block(int partition, String[] names, double[][][] rows, String error) {
        this.partition = partition;
        this.names = names;
        this.rows = rows;
        this.error = error;
    }

    /**
     * Reads a partition's rows, whose columns are those of {@code fields} in order; checks nulls and
     * class ranges. A bad value makes a block that holds only the error: bad data is no reason to
     * fail (and retry) a task, and the driver reports it.
     */
    static Block of(int partition, Iterator<Row> it, List<Field> fields) {
        String[] names = fields.stream().map(Field::name).toArray(String[]::new);
        try {
            return new Block(partition, names, read(partition, it, fields), null);
        } catch (DataException e) {
            return new Block(partition, names, new double[fields.size()][0][], e.getMessage());
        }
    }

    private static double[][][] read(int partition, Iterator<Row> it, List<Field> fields) {
        List<Row> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        double[][][] rows = new double[fields.size()][all.size()][];
        for (int e = 0; e < all.size(); e++) {
            Row row = all.get(e);
            int c = 0;
            for (int f = 0; f < fields.size(); f++) {
                Field spec = fields.get(f);
                double[] v = new double[spec.size()];
                for (int k = 0; k < v.length; k++, c++) {
                    v[k] = value(row, c, spec, k, partition, e);
                }
                rows[f][e] = v;
            }
        }
        return rows;
    }

    private static double value(Row row, int c, Field spec, int k, int partition, int e) {
        String where = "column '" + spec.columns()[k] + "', row " + (e + 1) + " of partition " + partition;
        if (row.isNullAt(c)) {
            throw new DataException(where + ": no value (null)");
        }
        double v = ((Number) row.get(c)).doubleValue();
        if (spec.classes() > 0 && (v < 0 || v >= spec.classes())) {
            throw new DataException(where + ": class " + (long) v + " is out of range 0.." + (spec.classes() - 1));
        }
        return v;
    }

    int size() {
        return rows.length == 0 ? 0 : rows[0].length;
    }

    DataSet data() {
        if (data == null) {
            data = new DataSet(Arrays.asList(names), rows);
        }
        return data;
    }

    /** This block's rows in a seeded random order for one epoch (parameter averaging), kept for the epoch's rounds. */
    synchronized int[] shuffled(long seed, int epoch) {
        if (order == null || orderSeed != seed || orderEpoch != epoch) {
            order = new int[size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            new Rng(seed ^ (0x9E3779B97F4A7C15L * (partition + 1)) ^ ((long) epoch << 32)).shuffle(order);
            orderSeed = seed;
            orderEpoch = epoch;
        }
        return order;
    }
}
