package dev.gradus.compiler.lower;

import dev.gradus.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * The arrays a generated trainer allocates for its batch, as its constructor sizes them: the
 * fields (inputs and targets) and every batched buffer, a row per example; a convolution kernel's
 * gradient, one sum per block of {@link Schedule#EXAMPLE_GRAIN} examples
 * ({@link Schedule#summedByBlocks}), not one per example; and each batched max pooling's stored
 * maxima. Counts of elements: {@code reals} of the trainer's precision, {@code ints} (class fields,
 * argmax indices) of 4 bytes; and, where the kernels this JVM selects pack them, each weight gradient's input
 * ({@link Schedule#packedInputs}) and the rows each product shared by outputs reads ({@link PackedRows}, eight
 * elements for every six rows); a float trainer's exps on the kernels, {@code exps} doubles an example
 * ({@link Schedule#expsPerExample}). The parameters, their gradients, the optimizer's state and per-thread scratch do not
 * grow with the batch and are not counted here.
 */
public record Footprint(long realsPerExample, long realsPerBlock, long intsPerExample, List<PackedRows> packedRows, long exps) {

    /**
     * A product of {@code outputs} columns shared by outputs, of a layer {@code in} by {@code out}, whose operand rows of
     * {@code k} are packed.
     */
    public record PackedRows(int in, int out, int k, int outputs) {
        long elements(long batch) {
            return dev.gradus.runtime.kernel.Kernels.get().forLayer(in, out).packedRowsLength(Math.toIntExact(batch), k, outputs);
        }
    }

    /** What the trainer scheduled by {@code schedule} allocates per example and per block. */
    public static Footprint of(Schedule schedule) {
        Plan plan = schedule.plan();
        long reals = 0;
        long blocks = 0;
        long ints = 0;
        for (Node.Input in : plan.model().fields()) {
            if (in.isClass()) {
                ints += in.shape().size();
            } else {
                reals += in.shape().size();
            }
        }
        List<Node> buffers = new ArrayList<>(plan.outputPart());
        buffers.addAll(plan.lossPart());
        buffers.addAll(plan.backwardPart());
        for (Node n : buffers) {
            if (schedule.summedByBlocks(n)) {
                blocks += n.shape().size();
            } else if (plan.isBatched(n)) {
                reals += n.shape().size();
            }
        }
        for (Node.Param w : schedule.packedInputs()) {
            int in = w.shape().cols();
            int out = w.shape().rows();
            if (dev.gradus.runtime.kernel.Kernels.get().forLayer(in, out).packsInput(in, out)) {
                reals += in;
            }
        }
        List<PackedRows> packed = new ArrayList<>();
        for (Stage.OutputRows rows : schedule.outputRowsStages()) {
            packed.add(new PackedRows(rows.w().shape().cols(), rows.w().shape().rows(), rows.inputs(), rows.outputs()));
        }
        for (Node.Apply pool : schedule.maxPools()) {
            if (plan.isBatched(pool)) {
                ints += pool.shape().size();
            }
        }
        return new Footprint(reals, blocks, ints, List.copyOf(packed), schedule.expsPerExample());
    }

    /** The blocks of {@link Schedule#EXAMPLE_GRAIN} examples a batch of {@code batch} is cut into, the last maybe partial. */
    public static long blocks(long batch) {
        return (batch + Schedule.EXAMPLE_GRAIN - 1) / Schedule.EXAMPLE_GRAIN;
    }

    /** Elements of the trainer's precision for a batch of {@code batch}. */
    public long reals(long batch) {
        long reals = realsPerExample * batch + realsPerBlock * blocks(batch);
        for (PackedRows rows : packedRows) {
            reals += rows.elements(batch);
        }
        return reals;
    }

    /** Ints for a batch of {@code batch}. */
    public long ints(long batch) {
        return intsPerExample * batch;
    }

    /** Bytes for a batch of {@code batch}, with reals of {@code realBytes} (8 for double, 4 for float). */
    public long bytes(long batch, int realBytes) {
        return reals(batch) * realBytes + ints(batch) * 4 + (realBytes == 4 ? exps * batch * 8 : 0);
    }
}
