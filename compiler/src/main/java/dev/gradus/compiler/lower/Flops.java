package dev.gradus.compiler.lower;

import dev.gradus.compiler.ir.Conv;
import dev.gradus.compiler.ir.Embedding;
import dev.gradus.compiler.ir.Node;
import java.util.List;

/**
 * The work of one example, as {@link Schedule} weighs it to decide whether batches are split
 * between threads (and as the generated trainer passes it to its workers): 6 flops per element of
 * a weight matrix that multiplies (forward, input and weight gradient, a multiply-add each), 2 per
 * element of the rows an embedding gathers (read, then added into the table's gradient: a table
 * that is only gathered counts no product, however many rows it has), 6 per multiply-add of a
 * convolution's forward pass, and the batch's share of the optimizer step: {@link #UPDATE} per
 * element of every parameter, divided by the train block's batch. A step updates every element of
 * an embedding table, however few rows the batch gathered: a 5000 x 64 table's update and gradient
 * were most of a step that its 30,208 flops an example had kept on one thread (3,533-3,879 steps/s
 * on 2 cores, 3,820-4,131 shared).
 */
final class Flops {
    private Flops() {}

    /**
     * An optimizer step's work on one parameter element, as flops: it reads the gradient and the
     * state and writes the state and the weight, bound by memory (about a nanosecond, the time of
     * tens of a vector product's flops; 8 keeps the estimate low).
     */
    static final long UPDATE = 8;

    /** The flops of one example of a lowered model whose nodes, in the order computed, are {@code all}. */
    static long perExample(Plan plan, List<Node> all) {
        long weights = 0;
        long elements = 0;
        for (Node.Param param : plan.model().paramNodes()) {
            weights += param.shape().isMatrix() && !onlyGathered(plan, param) ? param.shape().size() : 0;
            elements += param.shape().size();
        }
        long gathers = 0;
        for (Node n : plan.model().graph().nodes()) {
            if (n instanceof Node.Apply a && a.op() instanceof Embedding && plan.isBatched(a)) {
                gathers += 2L * a.shape().size(); // the rows read, indices x columns
            }
        }
        long convolutions = 0;
        for (Node n : all) {
            if (n instanceof Node.Apply a && a.op() instanceof Conv && plan.isBatched(n)) {
                // forward, input and kernel gradient: 2 flops a multiply-add each, O·C·k(·k) per output position
                convolutions += 6L * a.shape().size() * (a.arg(1).shape().size() / a.arg(1).shape().dim(0));
            }
        }
        return 6 * weights + gathers + convolutions + UPDATE * elements / Math.max(1, plan.model().train().batch());
    }

    /**
     * Whether a parameter is read per example only as an embedding table (its rows gathered, never
     * multiplied or read whole).
     */
    private static boolean onlyGathered(Plan plan, Node.Param param) {
        boolean gathered = false;
        for (Node n : plan.model().graph().nodes()) {
            if (n instanceof Node.Apply a && plan.isBatched(a) && a.args().contains(param)) {
                if (!(a.op() instanceof Embedding) || a.arg(0) != param) {
                    return false;
                }
                gathered = true;
            }
        }
        return gathered;
    }
}
