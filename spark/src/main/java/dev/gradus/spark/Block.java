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
import scala.Tuple2;

/**
 * One partition's examples as a trainer reads them: its runs of the data's rows (see {@link Layout}),
 * in the data's order, kept in Spark's cache for the whole training, so a step reads only the rows
 * of its batch.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;
    final int partition;
    private final String[] names;
    private final double[][][] rows;
    /** Why the partition's rows could not be read (a null, a class out of range), or null. */
    final String error;
    /** The index in the data of the row {@link #error} is about (the partition's first bad row). */
    final long errorRow;
    private transient DataSet data;
    private transient int[] order;
    private transient long orderSeed;
    private transient int orderEpoch;

    private Block(int partition, String[] names, double[][][] rows, String error, long errorRow) {
        this.partition = partition;
        this.errorRow = errorRow;
        this.names = names;
        this.rows = rows;
        this.error = error;
    }

    /**
     * Reads a partition's rows (each with its index in the data), whose columns are those of
     * {@code fields} in order; checks nulls, non-finite numbers and class ranges. A bad value makes a
     * block that holds only the error: bad data is no reason to fail (and retry) a task, and the
     * driver reports it.
     */
    static Block of(int partition, Iterator<Tuple2<Long, Row>> it, List<Field> fields) {
        String[] names = fields.stream().map(Field::name).toArray(String[]::new);
        long[] at = {-1};
        try {
            return new Block(partition, names, read(it, fields, at), null, -1);
        } catch (DataException e) {
            return new Block(partition, names, new double[fields.size()][0][], e.getMessage(), at[0]);
        }
    }

    private static double[][][] read(Iterator<Tuple2<Long, Row>> it, List<Field> fields, long[] at) {
        List<Tuple2<Long, Row>> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        double[][][] rows = new double[fields.size()][all.size()][];
        for (int e = 0; e < all.size(); e++) {
            Row row = all.get(e)._2();
            long index = all.get(e)._1();
            at[0] = index;
            int c = 0;
            for (int f = 0; f < fields.size(); f++) {
                Field spec = fields.get(f);
                double[] v = new double[spec.size()];
                for (int k = 0; k < v.length; k++, c++) {
                    v[k] = value(row, c, spec, k, index);
                }
                rows[f][e] = v;
            }
        }
        return rows;
    }

    /** Row {@code index} (from 0) of the data, named from 1 in messages, as Spark's own row numbers are not. */
    private static double value(Row row, int c, Field spec, int k, long index) {
        String where = "column '" + spec.columns()[k] + "', row " + (index + 1);
        if (row.isNullAt(c)) {
            throw new DataException(where + ": no value (null)");
        }
        double v = ((Number) row.get(c)).doubleValue();
        if (!Double.isFinite(v)) {
            throw new DataException(where + ": " + v + " is not a finite number");
        }
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
