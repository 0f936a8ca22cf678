package dev.gradus.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/**
 * Adds one array per block in partition order, so that two runs give bit-identical sums (Spark's
 * {@code treeAggregate} adds in the order tasks finish). Few partitions: the driver adds them all;
 * many (more than {@value #DIRECT}, with a depth of 2 or more): groups of about sqrt(P) consecutive
 * partitions are added on the executors, each in partition order, then the groups in order.
 */
final class InOrder {
    static final int DIRECT = 16;

    private InOrder() {}

    /** The sum of {@code part(block)} over all blocks, {@code width} values; an empty array adds nothing. */
    static double[] sum(JavaRDD<Block> blocks, Function<Block, double[]> part, int width, int depth) {
        int n = blocks.getNumPartitions();
        double[] total = new double[width];
        if (depth < 2 || n <= DIRECT) {
            for (double[] a : blocks.map(part).collect()) {
                add(total, a);
            }
            return total;
        }
        int fan = (int) Math.ceil(Math.sqrt(n));
        List<Tuple2<Integer, double[]>> groups = new ArrayList<>(blocks
                .mapToPair(b -> new Tuple2<>(b.partition / fan, new Tuple2<>(b.partition, part.call(b))))
                .groupByKey((n + fan - 1) / fan)
                .mapValues(parts -> {
                    List<Tuple2<Integer, double[]>> sorted = new ArrayList<>();
                    parts.forEach(sorted::add);
                    sorted.sort(Comparator.comparing(Tuple2::_1));
                    double[] s = new double[width];
                    for (Tuple2<Integer, double[]> t : sorted) {
                        add(s, t._2());
                    }
                    return s;
                })
                .collect());
        groups.sort(Comparator.comparing(Tuple2::_1));
        for (Tuple2<Integer, double[]> g : groups) {
            add(total, g._2());
        }
        return total;
    }

    private static void add(double[] total, double[] a) {
        for (int i = 0; i < a.length; i++) {
            total[i] += a[i];
        }
    }
}
