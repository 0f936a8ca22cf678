package dev.gradus.cli;

import dev.gradus.compiler.diff.Differentiator;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.OneHot;
import dev.gradus.compiler.ir.OptimizerConfig;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Traversal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sizes and costs of a model, from its IR: parameters, optimizer state, and FLOPs (a product
 * [m,k]@[k,n] costs 2mkn, every other element of every other operation 1; broadcasts, indexing and
 * transposes are free). The batch's buffers are {@code lower/Footprint}'s: what the trainer allocates.
 * The backward pass is counted on the adjoint graph the compiler differentiates; values that do
 * not depend on the example (a regularizer) are counted once per step.
 */
record ModelSummary(List<CheckedModel.Parameter> params, long parameters, int optimizerBuffers,
                    long forwardPerExample, long forwardShared, long backwardPerExample, long backwardShared) {

    static ModelSummary of(CheckedModel m) {
        long count = 0;
        for (CheckedModel.Parameter p : m.params()) {
            count += p.node().shape().size();
        }
        List<Node> roots = new ArrayList<>(List.of(m.loss()));
        if (m.output() != null) {
            roots.add(m.output());
        }
        List<Node> forward = Traversal.topologicalOrder(roots);
        Set<Node> perExample = Traversal.dependsOn(forward, new HashSet<>(m.fields()));
        long[] fwd = flops(forward, perExample);
        Differentiator.Adjoints adjoints = Differentiator.differentiate(m.graph(), m.loss(), m.paramNodes());
        List<Node> grads = new ArrayList<>();
        for (Node p : m.paramNodes()) {
            grads.add(adjoints.of(p, m.graph()));
        }
        Set<Node> known = new HashSet<>(forward);
        List<Node> backward = new ArrayList<>();
        for (Node n : Traversal.topologicalOrder(grads)) {
            if (!known.contains(n)) {
                backward.add(n);
            }
        }
        List<Node> all = new ArrayList<>(forward);
        all.addAll(backward);
        Set<Node> backPerExample = Traversal.dependsOn(Traversal.topologicalOrder(grads), new HashSet<>(m.fields()));
        long[] bwd = flops(backward, backPerExample);
        return new ModelSummary(m.params(), count, buffers(m.train().optimizer()), fwd[0], fwd[1], bwd[0], bwd[1]);
    }

    /** The optimizer's buffers the size of the parameters: momentum, Adam's m and v, RMSprop's square average. */
    static int buffers(OptimizerConfig o) {
        return switch (o.name()) {
            case "sgd" -> o.get("momentum") > 0 ? 1 : 0;
            case "adam", "adamw" -> 2;
            default -> 1 + (o.get("momentum") > 0 ? 1 : 0);
        };
    }

    /** FLOPs of the nodes that depend on the example, then of the others. */
    private static long[] flops(List<Node> nodes, Set<Node> perExample) {
        long[] out = new long[2];
        for (Node n : nodes) {
            if (n instanceof Node.Apply a) {
                out[perExample.contains(n) ? 0 : 1] += cost(a);
            }
        }
        return out;
    }

    private static long cost(Node.Apply a) {
        if (a.op() == LinAlg.MATMUL) {
            Node x = a.arg(0);
            int inner = x.shape().isMatrix() ? x.shape().cols() : x.shape().length();
            return 2L * a.shape().size() * inner;
        }
        if (a.op() instanceof dev.gradus.compiler.ir.Conv || a.op() instanceof dev.gradus.compiler.ir.ConvInputGrad) {
            Shape k = a.arg(1).shape(); // a multiply-add per kernel element (C·kh·kw) per output element
            return 2L * (a.op() instanceof dev.gradus.compiler.ir.Conv ? a.shape() : a.arg(0).shape()).size() * (k.size() / k.dim(0));
        }
        if (a.op() instanceof dev.gradus.compiler.ir.ConvKernelGrad c) {
            return 2L * a.arg(1).shape().size() * (c.kernel().size() / c.kernel().dim(0));
        }
        if (a.op() instanceof dev.gradus.compiler.ir.Pool p) {
            return (long) a.shape().size() * (p.dims() == 1 ? p.k() : p.k() * p.k());
        }
        if (a.op() instanceof dev.gradus.compiler.ir.PoolGrad p) {
            return (long) a.arg(a.args().size() - 1).shape().size() * (p.dims() == 1 ? p.k() : p.k() * p.k());
        }
        if (a.op() == LinAlg.DOT) {
            return 2L * a.arg(0).shape().size();
        }
        if (a.op() == LinAlg.TRANSPOSE || a.op() instanceof Expand || a.op() instanceof Index || a.op() instanceof OneHot) {
            return 0;
        }
        if (a.op() instanceof Reduce) {
            return a.arg(0).shape().size();
        }
        return a.shape().size();
    }

    /** FLOPs of one optimizer update per parameter scalar (torch.optim's update rules). */
    static int updateFlops(OptimizerConfig o) {
        int decay = o.get("weight_decay") > 0 ? 2 : 0;
        return switch (o.name()) {
            case "sgd" -> 2 + decay + (o.get("momentum") > 0 ? 3 : 0);
            case "adam", "adamw" -> 12 + decay;
            default -> 7 + decay + (o.get("momentum") > 0 ? 3 : 0);
        };
    }
}
