package dev.gradus.compiler.lower;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.ir.Dropout;
import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.Elementwise;
import dev.gradus.compiler.ir.EmbeddingGrad;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Lowering;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Reshape;
import dev.gradus.compiler.ir.Window;
import dev.gradus.compiler.ir.Traversal;
import dev.gradus.compiler.ir.VectorOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowering decisions for one model: which nodes get a buffer (named values, kernels such as
 * products and reductions, values used more than once) and which are computed inline where they
 * are used; what each buffer is called; which values differ per example ("batched"); and the
 * order of the forward (output, then loss) and backward computations.
 */
public final class Plan {
    private final CheckedModel model;
    private final ModelGradients gradients;
    private final Set<Node> materialized = new HashSet<>();
    private final Map<Node, String> names = new HashMap<>();
    private final Set<Node> batched;
    private final boolean dropout;
    private final List<Node> outputPart = new ArrayList<>();
    private final List<Node> lossPart = new ArrayList<>();
    private final List<Node> backwardPart = new ArrayList<>();
    private final Set<Node> backwardNodes;
    private final Map<Node.Param, String> gradientNames = new HashMap<>();
    private final Map<Node.Param, List<Node.Apply>> scattered = new HashMap<>();
    /** The forward pass's {@code logsumexp(z)} by its argument z, for {@link #softmaxFrom}. */
    private final Map<Node, Node> logsumexpOf = new HashMap<>();

    public Plan(CheckedModel model, ModelGradients gradients) {
        this.model = model;
        this.gradients = gradients;
        List<Node> roots = new ArrayList<>();
        roots.add(model.loss());
        roots.addAll(model.outputs());
        roots.addAll(gradients.gradients().values());
        List<Node> order = Traversal.topologicalOrder(roots);
        // a dropout's masks differ per example, even on a value that does not (dropout(W, p) @ x)
        Set<Node> perExample = new HashSet<>(model.fields());
        order.stream().filter(n -> n instanceof Node.Apply a && a.op() instanceof Dropout).forEach(perExample::add);
        batched = Traversal.dependsOn(order, perExample);
        dropout = perExample.size() > model.fields().size();

        Map<Node, Integer> uses = new HashMap<>();
        for (Node n : order) {
            for (Node a : n.args()) {
                uses.merge(a, 1, Integer::sum);
            }
        }
        // A gradient is read by the batch mean that sums it: a factor such as dh * step(h_pre) that
        // is both a bias's gradient and part of a weight's outer product is then computed once.
        for (Node g : gradients.gradients().values()) {
            uses.merge(g, 1, Integer::sum);
        }
        for (Node.Param p : model.paramNodes()) {
            List<Node.Apply> rows = scatterTerms(gradients.of(p), uses);
            if (!rows.isEmpty()) {
                scattered.put(p, rows);
            }
        }
        for (Node n : model.graph().nodes()) {
            if (n instanceof Node.Input || n instanceof Node.Param) {
                names.put(n, (((n instanceof Node.Input i) ? i.name() : ((Node.Param) n).name())));
            }
        }
        for (Node.Param p : model.paramNodes()) {
            gradientNames.put(p, ("d" + p.name()));
        }
        for (Node n : order) {
            if (!(n instanceof Node.Apply a)) {
                continue;
            }
            boolean kernel = isKernel(a);
            if (kernel || uses.getOrDefault(n, 0) > 1 && isCompute(a)) {
                materialized.add(n);
            }
            // A large weight's gradient outer(g, x) runs as a kernel on buffers of g and x (Schedule.GEMM).
            boolean kernelOuter = a.op() == LinAlg.OUTER && a.shape().size() >= Schedule.GEMM;
            boolean rereadsArgs = a.op().readsArgumentsFromBuffers() || kernelOuter;
            if (rereadsArgs) {
                for (Node arg : a.args()) {
                    if (arg instanceof Node.Apply x && isCompute(x)) {
                        materialized.add(arg);
                    }
                    // A window layer's runtime kernel reads an array: a reshape is the same array, anything else gets a buffer.
                    Node source = arg;
                    while (a.op() instanceof Window && source instanceof Node.Apply r && r.op() instanceof Reshape) {
                        source = r.arg(0);
                    }
                    if (a.op() instanceof Window && source instanceof Node.Apply x) {
                        materialized.add(x);
                    }
                }
            }
        }
        for (Map.Entry<String, Node> v : model.values().entrySet()) {
            if (v.getValue() instanceof Node.Apply && order.contains(v.getValue())) {
                materialized.add(v.getValue());
            }
        }
        materialized.add(model.loss());
        for (Node out : model.outputs()) {
            if (out instanceof Node.Apply) {
                materialized.add(out);
            }
        }
        materialized.removeIf(n -> !(n instanceof Node.Apply));
        boundInlineDepth(order);
        scattered.values().forEach(materialized::removeAll);

        // Names: the model's own; then, for buffers it did not name, "h_pre" for the argument of an
        // activation h, "W1x" for a product of named values, "dX" for the adjoint of a named X, else "t<k>".
        for (Map.Entry<String, Node> v : model.values().entrySet()) {
            if (materialized.contains(v.getValue()) && !names.containsKey(v.getValue())) {
                names.put(v.getValue(), (v.getKey()));
            }
        }
        if (!names.containsKey(model.loss())) {
            names.put(model.loss(), ("loss"));
        }
        Set<Node> adjointValues = new HashSet<>(gradients.adjoints().adjoints().values()); // backward-only nodes
        for (int k = order.size() - 1; k >= 0; k--) {
            Node n = order.get(k);
            if (n instanceof Node.Apply a && a.op() instanceof Elementwise && a.args().size() == 1 && names.containsKey(n)) {
                Node arg = a.arg(0);
                if (materialized.contains(arg) && !names.containsKey(arg) && !adjointValues.contains(arg)) {
                    names.put(arg, (names.get(n) + "_pre"));
                }
            }
        }
        for (Node n : order) {
            if (n instanceof Node.Apply a && a.op() == LinAlg.MATMUL && materialized.contains(n) && !names.containsKey(n)
                    && names.containsKey(a.arg(0)) && names.containsKey(a.arg(1))
                    && (a.arg(0) instanceof Node.Param || a.arg(0) instanceof Node.Input || model.values().containsValue(a.arg(0)))) {
                names.put(n, (names.get(a.arg(0)) + names.get(a.arg(1))));
            }
        }
        for (int k = order.size() - 1; k >= 0; k--) { // the nearest named value names an adjoint several share
            Node n = order.get(k);
            Node adjoint = gradients.adjoints().adjoints().get(n);
            if (names.containsKey(n) && adjoint != null && materialized.contains(adjoint) && !names.containsKey(adjoint)) {
                names.put(adjoint, ("d" + names.get(n)));
            }
        }
        for (Node n : order) { // the rest after what they compute: sum_sq, softmax_z, exp_t
            if (materialized.contains(n) && !names.containsKey(n)) {
                names.put(n, describe((Node.Apply) n));
            }
        }

        Set<Node> forward = new LinkedHashSet<>();
        if (!model.outputs().isEmpty()) {
            for (Node n : Traversal.topologicalOrder(model.outputs())) {
                forward.add(n);
                if (materialized.contains(n)) {
                    outputPart.add(n);
                }
            }
        }
        for (Node n : Traversal.topologicalOrder(model.loss())) {
            if (forward.add(n) && materialized.contains(n)) {
                lossPart.add(n);
            }
        }
        backwardNodes = new HashSet<>();
        for (Node n : Traversal.topologicalOrder(new ArrayList<>(gradients.gradients().values()))) {
            if (!forward.contains(n)) {
                backwardNodes.add(n);
                if (materialized.contains(n)) {
                    backwardPart.add(n);
                }
            }
        }
        for (Node n : forward) {
            if (n instanceof Node.Apply a && a.op() == VectorOp.LOGSUMEXP && materialized.contains(n)) {
                logsumexpOf.put(a.arg(0), n);
            }
        }
    }

    /**
     * The per-example terms of a parameter's gradient when every one of them is an embedding's
     * gradient ({@code embedding_grad(g, i)}) that nothing else reads: each example's rows of
     * {@code g} are then added straight into the rows of the batch's gradient that its indices name,
     * instead of into a table {@code [V, D]} of its own, cleared and summed for every example.
     * Empty when any per-example term is something else (the table read by a product as well).
     */
    private List<Node.Apply> scatterTerms(Node g, Map<Node, Integer> uses) {
        if (!batched.contains(g) || uses.getOrDefault(g, 0) != 1) {
            return List.of();
        }
        for (Node sum : sums(g)) {
            if (uses.getOrDefault(sum, 0) != 1) {
                return List.of(); // a partial sum read elsewhere too
            }
        }
        List<Node.Apply> rows = new ArrayList<>();
        for (Node term : terms(g)) {
            if (!batched.contains(term)) {
                continue; // a shared term (a regularizer's), added once
            }
            if (!(term instanceof Node.Apply a && a.op() instanceof EmbeddingGrad) || uses.getOrDefault(term, 0) != 1) {
                return List.of();
            }
            rows.add(a);
        }
        return rows;
    }

    /** The terms of a sum, {@code a + b + c}, in order (a sum of several shapes is one term). */
    static List<Node> terms(Node n) {
        List<Node> out = new ArrayList<>();
        if (splits(n)) {
            Node.Apply a = (Node.Apply) n;
            out.addAll(terms(a.arg(0)));
            out.addAll(terms(a.arg(1)));
        } else {
            out.add(n);
        }
        return out;
    }

    /** The additions inside a sum that {@link #terms} splits, outermost first. */
    private static List<Node> sums(Node n) {
        List<Node> out = new ArrayList<>();
        if (splits(n)) {
            Node.Apply a = (Node.Apply) n;
            out.add(n);
            out.addAll(sums(a.arg(0)));
            out.addAll(sums(a.arg(1)));
        }
        return out;
    }

    /** Whether a node is an addition of two values of its own shape: a sum {@link #terms} splits. */
    private static boolean splits(Node n) {
        return n instanceof Node.Apply a && a.op() == Binary.ADD
                && a.arg(0).shape().equals(n.shape()) && a.arg(1).shape().equals(n.shape());
    }

    /**
     * The embedding gradients whose rows go straight into a parameter's batch gradient (see
     * {@link #scatterTerms}); empty for every other parameter. They get no buffer.
     */
    public List<Node.Apply> scattered(Node.Param p) {
        return scattered.getOrDefault(p, List.of());
    }

    /** Products, reductions and whole-vector functions (as each op declares): loops of their own into a buffer. */
    /**
     * The deepest expression computed inline: deeper, a computing node gets its own buffer, so that
     * every generated statement stays shallow however deep the model's tree (the gradient of
     * {@code x^x^...^x} nests thousands of levels), which javac would otherwise overflow its stack on.
     */
    static final int MAX_INLINE_DEPTH = 64;

    /** Materializes, walking {@code order} (arguments first) without recursion, nodes whose inline expression would be deeper than {@link #MAX_INLINE_DEPTH}. */
    private void boundInlineDepth(List<Node> order) {
        Map<Node, Integer> depth = new HashMap<>();
        for (Node n : order) {
            if (!(n instanceof Node.Apply a) || materialized.contains(n)) {
                continue; // a leaf or a buffer: read as one access
            }
            int d = 1;
            for (Node arg : a.args()) {
                d = Math.max(d, 1 + depth.getOrDefault(arg, 0));
            }
            if (d > MAX_INLINE_DEPTH && isCompute(a)) {
                materialized.add(n);
            } else {
                depth.put(n, d);
            }
        }
    }

    static boolean isKernel(Node.Apply a) {
        return a.op().lowering() == Lowering.KERNEL;
    }

    /** Ops that compute something per element (rather than only re-index, like transpose or expand). */
    static boolean isCompute(Node.Apply a) {
        return a.op().lowering().computes();
    }

    /** A name for an unnamed buffer from its op and its first named argument: {@code sum_sq}, {@code softmax_z}. */
    private String describe(Node.Apply a) {
        String op = a.op().label().equals("@") ? "matmul" : a.op().label();
        for (Node arg : a.args()) {
            String argName = names.get(arg);
            if (argName != null) {
                return op + "_" + argName;
            }
        }
        return op;
    }

    public CheckedModel model() {
        return model;
    }

    public ModelGradients gradients() {
        return gradients;
    }

    public boolean isMaterialized(Node n) {
        return materialized.contains(n);
    }

    public boolean isBatched(Node n) {
        return batched.contains(n);
    }

    /** Whether the model calls dropout: its trainer then has a training mode and masks. */
    public boolean usesDropout() {
        return dropout;
    }

    /**
     * The name a leaf or materialized node is called after (the model's own names, {@code h_pre},
     * {@code W1x}, {@code dh}...); not yet a unique Java identifier: the emitter allocates those.
     */
    public String name(Node n) {
        return names.get(n);
    }

    public String gradientName(Node.Param p) {
        return gradientNames.get(p);
    }

    public List<Node> outputPart() {
        return outputPart;
    }

    public List<Node> lossPart() {
        return lossPart;
    }

    public List<Node> backwardPart() {
        return backwardPart;
    }

    public boolean isBackward(Node n) {
        return backwardNodes.contains(n);
    }

    /**
     * For {@code softmax(z)} in the backward pass (the gradient of {@code logsumexp(z)}, so of every
     * cross-entropy) when the forward pass kept {@code logsumexp(z)} in a buffer: that node, so that
     * the softmax is computed as {@code exp(z - logsumexp(z))}, one pass and one exp an element,
     * instead of again from the maximum and the sum of exps (as PyTorch does, from its log_softmax).
     * Null otherwise.
     */
    public Node softmaxFrom(Node.Apply softmax) {
        return softmax.op() == VectorOp.SOFTMAX && backwardNodes.contains(softmax) ? logsumexpOf.get(softmax.arg(0)) : null;
    }

    /** Names of materialized nodes and leaves, as suggested. */
    public Map<Node, String> names() {
        return names;
    }
}
