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
 * A data set dealt to cached blocks, one per partition, in runs of consecutive rows (see
 * {@link Layout}): every batch of consecutive rows spans all partitions. Made with one pass over the
 * data and one shuffle; {@link #close} frees the cache.
 */
public final class Partitions implements AutoCloseable {
    private final JavaRDD<Block> blocks;
    private final Layout layout;
    private final int[] sizes;
    private final long total;

    private Partitions(JavaRDD<Block> blocks, Layout layout, int[] sizes, long total) {
        this.blocks = blocks;
        this.layout = layout;
        this.sizes = sizes;
        this.total = total;
    }

    /**
     * Checks the columns of {@code fields} against the data's schema (before any job), then deals
     * the rows to {@code count} partitions (when 0: the data's own number, or Spark's default
     * parallelism if larger) in runs
     * that spread batches of {@code batch} rows evenly, and reads them into cached blocks, checking
     * every value (nulls, NaN, infinities, class ranges).
     */
    static Partitions of(Dataset<Row> data, List<TensorSpec> fields, int count, int batch) {
        List<String> names = Columns.check(data.schema(), fields);
        JavaRDD<Row> rows = data.select(Columns.select(names)).javaRDD();
        // by default as many partitions as the data has, but at least one per core Spark offers
        int parts = count > 0 ? count : Math.max(rows.getNumPartitions(), rows.context().defaultParallelism());
        Layout layout = Layout.forBatch(Math.max(parts, 1), batch);
        JavaPairRDD<Long, Row> dealt = rows.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .repartitionAndSortWithinPartitions(new Runs(layout));
        List<Field> specs = new ArrayList<>(Field.of(fields));
        JavaRDD<Block> blocks = dealt.mapPartitionsWithIndex(
                (p, it) -> List.of(Block.of(p, it, specs)).iterator(), true);
        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        List<Object[]> found = blocks.map(b -> new Object[] {b.partition, b.size(), b.error, b.errorRow}).collect();
        int n = blocks.getNumPartitions();
        int[] sizes = new int[n];
        Object[] firstError = null;
        for (Object[] f : found) {
            if (f[2] != null && (firstError == null || (Long) f[3] < (Long) firstError[3])) {
                firstError = f;
            }
            sizes[(Integer) f[0]] = (Integer) f[1];
        }
        if (firstError != null) {
            blocks.unpersist(false);
            throw new DataException((String) firstError[2]);
        }
        long total = 0;
        for (int size : sizes) {
            total += size;
        }
        Partitions out = new Partitions(blocks, layout, sizes, total);
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

    JavaRDD<Block> blocks() {
        return blocks;
    }

    Layout layout() {
        return layout;
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

    /** Row index to partition: the layout's runs. */
    private static final class Runs extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final Layout layout;

        Runs(Layout layout) {
            this.layout = layout;
        }

        @Override
        public int numPartitions() {
            return layout.partitions();
        }

        @Override
        public int getPartition(Object key) {
            return layout.partitionOf((Long) key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Runs r && r.layout.equals(layout);
        }

        @Override
        public int hashCode() {
            return layout.hashCode();
        }
    }
}
