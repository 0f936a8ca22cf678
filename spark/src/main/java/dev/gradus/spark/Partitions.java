package dev.gradus.spark;

import dev.gradus.runtime.DataException;
import dev.gradus.runtime.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A data set cut into cached blocks of contiguous rows: block {@code p} holds rows
 * {@code start(p) .. start(p) + size(p) - 1} of the data in its order. Made with one pass over the
 * data; {@link #close} frees the cache.
 */
public final class Partitions implements AutoCloseable {
    private final JavaRDD<Block> blocks;
    private final long[] starts;
    private final int[] sizes;
    private final long total;

    private Partitions(JavaRDD<Block> blocks, long[] starts, int[] sizes, long total) {
        this.blocks = blocks;
        this.starts = starts;
        this.sizes = sizes;
        this.total = total;
    }

    /**
     * Checks the columns of {@code fields} against the data's schema (before any job), then reads
     * the rows into cached blocks: the data's own partitions, or {@code count} equal contiguous
     * ranges when {@code count > 0}.
     */
    static Partitions of(Dataset<Row> data, List<TensorSpec> fields, int count) {
        List<String> names = Columns.check(data.schema(), fields);
        JavaRDD<Row> rows = data.select(Columns.select(names)).javaRDD();
        if (count > 0) {
            rows = contiguous(rows, count);
        }
        List<Field> specs = new ArrayList<>(Field.of(fields));
        JavaRDD<Block> blocks = rows.mapPartitionsWithIndex(
                (p, it) -> List.of(Block.of(p, it, specs)).iterator(), true);
        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        List<Object[]> found = new ArrayList<>(blocks.map(b -> new Object[] {b.partition, b.size(), b.error}).collect());
        int n = blocks.getNumPartitions();
        long[] starts = new long[n];
        int[] sizes = new int[n];
        found.sort(java.util.Comparator.comparingInt(f -> (Integer) f[0]));
        for (Object[] f : found) {
            if (f[2] != null) {
                blocks.unpersist(false);
                throw new DataException((String) f[2]);
            }
            sizes[(Integer) f[0]] = (Integer) f[1];
        }
        long total = 0;
        for (int p = 0; p < n; p++) {
            starts[p] = total;
            total += sizes[p];
        }
        Partitions out = new Partitions(blocks, starts, sizes, total);
        if (total == 0) {
            out.close();
            throw new DataException("the data has no examples");
        }
        if (total > Integer.MAX_VALUE) {
            out.close();
            throw new DataException("the data has " + total + " examples; at most " + Integer.MAX_VALUE + " are supported");
        }
        return out;
    }

    /** The rows in {@code count} contiguous ranges of (nearly) equal size, each in the data's order. */
    private static JavaRDD<Row> contiguous(JavaRDD<Row> rows, int count) {
        JavaPairRDD<Long, Row> indexed = rows.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        long n = indexed.count();
        return indexed.repartitionAndSortWithinPartitions(new Ranges(count, n)).values();
    }

    JavaRDD<Block> blocks() {
        return blocks;
    }

    long[] starts() {
        return starts.clone();
    }

    int[] sizes() {
        return sizes.clone();
    }

    /** The number of blocks. */
    public int count() {
        return sizes.length;
    }

    /** The number of examples in all blocks. */
    public int examples() {
        return (int) total;
    }

    /** The largest block, in examples. */
    int largest() {
        int m = 0;
        for (int s : sizes) {
            m = Math.max(m, s);
        }
        return m;
    }

    @Override
    public void close() {
        blocks.unpersist(false);
    }

    /** Row index to partition: equal contiguous ranges. */
    private static final class Ranges extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int count;
        private final long rows;

        Ranges(int count, long rows) {
            this.count = count;
            this.rows = Math.max(rows, 1);
        }

        @Override
        public int numPartitions() {
            return count;
        }

        @Override
        public int getPartition(Object key) {
            return (int) ((Long) key * count / rows);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ranges r && r.count == count && r.rows == rows;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(rows) * 31 + count;
        }
    }
}
