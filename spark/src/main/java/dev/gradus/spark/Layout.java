package dev.gradus.spark;

import java.io.Serializable;

/**
 * Where each row of the data lives: the rows, in the data's order, are cut into runs of
 * {@code rows} consecutive rows dealt to the {@code partitions} partitions in turn (run {@code k}
 * to partition {@code k mod P}), so every batch of consecutive rows spans all partitions whether
 * or not the data is shuffled. Within a partition the rows keep the data's order.
 */
record Layout(int partitions, int rows) implements Serializable {
    Layout {
        if (partitions < 1 || rows < 1) {
            throw new IllegalArgumentException("partitions and rows must be positive, found " + partitions + ", " + rows);
        }
    }

    /** Runs of {@code ceil(batch / partitions)} rows: a batch is spread evenly. */
    static Layout forBatch(int partitions, int batch) {
        return new Layout(partitions, Math.max(1, (int) ((batch + (long) partitions - 1) / partitions)));
    }

    /** The partition that holds row {@code i} of the data. */
    int partitionOf(long i) {
        return (int) ((i / rows) % partitions);
    }

    /** The index of row {@code i} of the data among its partition's rows. */
    int localIndex(long i) {
        long run = i / rows;
        return (int) ((run / partitions) * rows + i % rows);
    }

    /**
     * The rows {@code from .. from + count - 1} of the data that partition {@code p} holds: a
     * contiguous range of its own rows, as {@code {localFrom, n}} ({@code n} may be 0).
     */
    int[] localRange(int p, long from, int count) {
        long end = from + count;
        int localFrom = -1;
        int n = 0;
        for (long run = from / rows; run * rows < end; run++) {
            if (run % partitions != p) {
                continue;
            }
            long lo = Math.max(from, run * rows);
            long hi = Math.min(end, (run + 1) * rows);
            if (localFrom < 0) {
                localFrom = localIndex(lo);
            }
            n += (int) (hi - lo);
        }
        return new int[] {Math.max(localFrom, 0), n};
    }
}
