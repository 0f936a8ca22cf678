package dev.gradus.compiler.lower;

import dev.gradus.compiler.ir.AlongAxis;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.ConvKernelGrad;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Pool;
import dev.gradus.compiler.ir.PoolGrad;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.ir.Window;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a lowered model runs, decided once so that the emitter only prints it: which weights keep a
 * transposed copy, how each parameter's gradient is accumulated over a batch, which kernel form
 * each product takes, which large weights are updated row range by row range, whether batches
 * are split between threads, and which wide weights' forward products may be split by output rows.
 */
public final class Schedule {
    /**
     * Weight matrices of at least this many elements get the transposed copy and four-example blocking;
     * smaller ones keep the plain loops, which read better and cost nothing at their size.
     */
    public static final int LARGE = 4096;

    /**
     * Weight matrices of at least this many elements run their products and weight gradients as one
     * GEMM kernel call per batch (the runtime's {@code Kernels}, SIMD where the JVM offers it); smaller
     * ones keep loops of their own, which cost less than a call at their size.
     */
    public static final int GEMM = 256;

    /**
     * Weight matrices of at least this many elements (64 KiB of floats) are wide: their forward
     * product may be split between threads by output rows rather than by examples, when batches are
     * split, each thread then reading only its rows of W (the rows whose gradient it computes and which
     * it updates) and packing only those for its one kernel call, instead of every chunk of examples
     * packing all of W; their input gradient by columns of W. The runtime's 512-bit kernels make the same
     * cut ({@code Kernels.WIDE_WEIGHTS}: from it the forward product works on W's rows, not a transposed
     * copy); the 256-bit ones work on W's rows for every layer ({@code Kernels.packedForwardFrom()}), and a
     * narrower layer's product then falls back to being shared by examples (the emitted code asks).
     */
    public static final int WIDE = dev.gradus.runtime.kernel.Kernels.WIDE_WEIGHTS;

    /**
     * Fewest outputs for which a narrower layer's forward product is shared by outputs (columns of W's
     * transposed copy, in ranges of 16) rather than only by examples: four ranges. Shared by examples,
     * each chunk of 16 examples packs all of the copy for its GEMM call (mlp784's 784 x 128, when it was
     * under {@link #WIDE}: about as long as the chunk's products); by outputs each thread packs only its
     * own columns, once. Only layers with at least as many inputs as outputs: measured on two threads
     * with the cut at 2^18, mlp784's 784 -> 128 gained 8-19%, mlp256's 256 -> 512 lost 3-6% (its
     * trainer's one rows-or-examples choice also decides its wide second layer).
     */
    public static final int SPLIT_OUTPUTS = 64;

    /**
     * A product shared by its outputs is cut at multiples of this many (rows of W for a forward
     * product, columns of the input gradient): a multiple of the dot-product kernels' four-row blocks
     * and of the 16 columns {@code Kernels.inputGradientByColumns} asks for, and two vectors at any
     * width, so the GEMMs run whole panels of two or three vectors. Cut at multiples of 4, two
     * threads' 64 of mlp784's 128 rows became chunks of 16 (Workers' smallest), each one vector wide,
     * whose blocks run at about half the rate of the wider ones' (30% of the step on a Zen 5).
     */
    public static final int ROW_GRAIN = 32;

    /** Fewest entries of a vector parameter whose gradient's sums over the batch are shared between threads ({@link Gradient.Mean#byElements}). */
    public static final int SPLIT_ELEMENTS = 512;

    /** Fewest input numbers an example for which the workers copy a batch's inputs in ({@link #loadsInParallel}). */
    public static final int SPLIT_LOAD = 256;

    /** Models below about this many flops per example keep to one thread (and simpler code). */
    private static final long PARALLEL_FLOPS = 30_000;

    /**
     * A batch split between threads is cut at multiples of this many examples, so a block of
     * examples {@code [4b, 4b + 4)} is always one thread's, whatever the split.
     */
    public static final int EXAMPLE_GRAIN = 4;

    private final Plan plan;
    private final Set<Node.Apply> byOutputRows = new LinkedHashSet<>();
    private final Set<Node.Param> transposed = new LinkedHashSet<>();
    private final Set<Node.Param> kernelTransposed = new LinkedHashSet<>();
    private final Map<Node.Param, Gradient> gradients = new LinkedHashMap<>();
    private final long flopsPerExample;
    private final boolean parallel;
    private final List<Node.Apply> maxPools = new ArrayList<>();
    private final List<Node.Apply> kernelExps;
    private final Set<Node> blockSums = new LinkedHashSet<>();
    private final Map<Node.Apply, Node.Apply> argmaxOf = new HashMap<>();

    public Schedule(Plan plan) {
        this.plan = plan;
        CheckedModel model = plan.model();
        List<Node> all = new ArrayList<>(plan.outputPart());
        all.addAll(plan.lossPart());
        all.addAll(plan.backwardPart());
        for (Node n : all) {
            if (n instanceof Node.Apply a && a.op() == LinAlg.MATMUL && a.arg(0) instanceof Node.Param w
                    && w.shape().isMatrix() && w.shape().size() >= LARGE && a.arg(1).shape().isVector() && plan.isBatched(n)
                    && gemm(a) == null) {
                transposed.add(w);
            }
            Product.Gemm g = n instanceof Node.Apply a ? gemm(a) : null;
            if (g != null && !g.transposed()) {
                kernelTransposed.add(g.w());
            }
        }
        kernelTransposed.removeAll(transposed);
        this.flopsPerExample = Flops.perExample(plan, all);
        // Window layers keep their scratch per thread (Workers.ThreadRange), so they split like dense ones.
        this.parallel = flopsPerExample >= PARALLEL_FLOPS;
        for (Node.Param param : model.paramNodes()) {
            Node g = plan.gradients().of(param);
            List<Node> perExample = new ArrayList<>();
            List<Node> shared = new ArrayList<>();
            for (Node term : Plan.terms(g)) {
                (plan.isBatched(term) ? perExample : shared).add(term);
            }
            Gradient form;
            if (!plan.isBatched(g)) {
                form = new Gradient.Shared(g);
            } else if (!plan.scattered(param).isEmpty()) {
                form = new Gradient.Scatter(plan.scattered(param), shared);
            } else if (perExample.size() == 1 && perExample.get(0) instanceof Node.Apply o && o.op() == LinAlg.OUTER
                    && param.shape().size() >= GEMM && hasRows(o.arg(0)) && hasRows(o.arg(1))) {
                form = new Gradient.Gemm(o, shared);
            } else if (perExample.size() == 1 && perExample.get(0) instanceof Node.Apply k && k.op() instanceof ConvKernelGrad
                    && plan.isMaterialized(k) && plan.isBackward(k) && plan.isBatched(k.arg(0)) && plan.isBatched(k.arg(1))) {
                form = new Gradient.Blocks(k, shared);
                blockSums.add(k);
            } else if (perExample.size() == 1 && perExample.get(0) instanceof Node.Apply o && o.op() == LinAlg.OUTER
                    && param.shape().rows() > 1 && param.shape().cols() > 1) {
                form = new Gradient.Rows(o, shared);
            } else {
                form = new Gradient.Mean(perExample, shared,
                        parallel && param.shape().rank() == 1 && param.shape().rows() >= SPLIT_ELEMENTS);
            }
            gradients.put(param, form);
        }
        for (Node n : all) {
            Product.Gemm g = parallel && n instanceof Node.Apply a ? gemm(a) : null;
            // narrower forward products (on W's transposed copy) too, when they have outputs for several threads
            if (g != null && (g.w().shape().size() >= WIDE || !g.transposed() && g.w().shape().rows() >= SPLIT_OUTPUTS
                    && g.w().shape().cols() >= g.w().shape().rows())) {
                byOutputRows.add((Node.Apply) n);
            }
        }
        this.kernelExps = all.stream().filter(n -> plan.isBatched(n) && n instanceof Node.Apply a && (a.op() instanceof VectorOp
                || a.op() instanceof AlongAxis || a.op() == Unary.TANH || a.op() == Unary.SIGMOID)).map(n -> (Node.Apply) n).toList();
        List<Node> forward = new ArrayList<>(plan.outputPart());
        forward.addAll(plan.lossPart());
        for (Node n : forward) {
            if (n instanceof Node.Apply a && a.op() instanceof Pool p && p.kind() == Pool.Kind.MAX) {
                maxPools.add(a);
            }
        }
        for (Node n : all) {
            Pool pooling = null; // the forward max pooling whose maxima a node reads
            if (n instanceof Node.Apply a && a.op() instanceof PoolGrad g && g.kind() == Pool.Kind.MAX) {
                pooling = new Pool(Pool.Kind.MAX, g.dims(), g.k(), g.stride());
            } else if (n instanceof Node.Apply a && a.op() instanceof Pool p && p.kind() == Pool.Kind.AT_MAX) {
                pooling = new Pool(Pool.Kind.MAX, p.dims(), p.k(), p.stride());
            }
            for (Node.Apply pool : maxPools) {
                if (pooling != null && pool.arg(0) == ((Node.Apply) n).arg(0) && pool.op().equals(pooling)) {
                    argmaxOf.put((Node.Apply) n, pool);
                    break;
                }
            }
        }
    }

    /**
     * Whether the per-example methods are told which thread runs them ({@code Workers.ThreadRange}):
     * a model with window layers split between threads keeps their scratch per thread.
     */
    public boolean scratchPerThread() {
        return parallel && plan.model().graph().nodes().stream().anyMatch(n -> n instanceof Node.Apply a && a.op() instanceof Window);
    }

    /**
     * Whether a batched buffer holds one sum per block of {@link #EXAMPLE_GRAIN} examples (a kernel
     * gradient, {@link Gradient.Blocks}) rather than one row per example.
     */
    public boolean summedByBlocks(Node n) {
        return blockSums.contains(n);
    }

    /**
     * The batched buffers whose exps a float trainer computes on the kernels, a range of examples in one
     * call, through a working array of doubles of its own (its argument's elements for each example): the whole-vector
     * functions (softmax, log_softmax, logsumexp, of a vector or along an axis), tanh and sigmoid.
     * Java 17's JIT vectorizes no exp; in lanes they cost a fraction (a 64-32-10 classifier's softmax
     * exps were a quarter of its step, a 2-8-1 network's tanh most of its).
     */
    public List<Node.Apply> kernelExps() {
        return kernelExps;
    }

    /** The working arrays' elements of {@link #kernelExps} for each example. */
    public int expsPerExample() {
        return kernelExps().stream().mapToInt(a -> a.arg(0).shape().size()).sum();
    }

    /** The forward max poolings, each of which keeps where its windows' maxima are (one int per output element). */
    public List<Node.Apply> maxPools() {
        return maxPools;
    }

    /**
     * The forward max pooling whose stored maxima a max pooling's gradient (or {@code max_pool_at})
     * reads instead of finding them again, or null when there is none (it then pools again, into
     * scratch).
     */
    public Node.Apply argmaxOf(Node.Apply poolGradient) {
        return argmaxOf.get(poolGradient);
    }

    public Plan plan() {
        return plan;
    }

    /** Weights kept transposed as well, refreshed each forward pass, so {@code W @ x} runs as row updates. */
    public Set<Node.Param> transposed() {
        return transposed;
    }

    /**
     * Weights whose forward product runs on the kernels ({@code x Wᵀ}) and which get a transposed copy
     * too, refreshed each forward pass only when the kernels in use compute that product faster on
     * it ({@code Kernels.transposedForward()}: the plain loops); not in {@link #transposed()}.
     */
    public Set<Node.Param> kernelTransposed() {
        return kernelTransposed;
    }

    /**
     * Weights whose gradient {@code gᵀ x} runs as one kernel call a range of rows ({@link Gradient.Gemm}) in a model
     * whose batches are split: each thread's rows of dW read all of x, which kernels that copy x into panels
     * ({@code Kernels.packsInput}) then pack once a batch, shared, instead of once a range. On one AVX2 core a
     * 1,024 x 784 gradient over 256 examples in ranges of 32 rows (sixteen threads' share) ran at 62 GFLOP/s copying x
     * for each range, 79-85 on the shared copy, 88 in one call.
     */
    public List<Node.Param> packedInputs() {
        List<Node.Param> packed = new ArrayList<>();
        gradients.forEach((p, g) -> {
            if (parallel && g instanceof Gradient.Gemm) {
                packed.add(p);
            }
        });
        return packed;
    }

    /**
     * The products split by outputs ({@link #WIDE} weights, in a model whose batches are split): forward
     * products by rows of W, input gradients {@code transpose(W) @ g} by columns of W.
     */
    public Set<Node.Apply> byOutputRows() {
        return byOutputRows;
    }

    /**
     * A part's batched nodes as stages: runs of nodes computed by examples, cut at each product
     * split by output rows (the nodes after it read all of its rows).
     */
    /** Every product shared by outputs ({@link #byOutputRows}), as its stage, forward ones first. */
    public List<Stage.OutputRows> outputRowsStages() {
        List<Stage.OutputRows> all = new ArrayList<>();
        for (List<Node> part : List.of(plan.outputPart(), plan.lossPart(), plan.backwardPart())) {
            for (Stage stage : stages(part)) {
                if (stage instanceof Stage.OutputRows rows) {
                    all.add(rows);
                }
            }
        }
        return all;
    }

    public List<Stage> stages(List<Node> part) {
        List<Stage> stages = new ArrayList<>();
        List<Node> run = new ArrayList<>();
        for (Node n : part) {
            if (!plan.isBatched(n)) {
                continue;
            }
            if (n instanceof Node.Apply a && byOutputRows.contains(a)) {
                if (!run.isEmpty()) {
                    stages.add(new Stage.Examples(List.copyOf(run)));
                    run.clear();
                }
                Product.Gemm g = gemm(a);
                stages.add(new Stage.OutputRows(a, g.w(), g.transposed()));
            } else {
                run.add(n);
            }
        }
        if (!run.isEmpty()) {
            stages.add(new Stage.Examples(List.copyOf(run)));
        }
        return stages;
    }

    public Gradient gradient(Node.Param p) {
        return gradients.get(p);
    }

    /** Whether a parameter's gradient is computed rows at a time, in a method of its own (split between threads). */
    public boolean byRows(Node.Param p) {
        Gradient g = gradients.get(p);
        return g instanceof Gradient.Rows || g instanceof Gradient.Gemm || g instanceof Gradient.Scatter
                || g instanceof Gradient.Mean mean && mean.byElements();
    }

    /** Whether a parameter's gradient keeps, for each row, the backward pass that last used it ({@link Gradient.Scatter#onlyRowsUsed}). */
    public boolean tracksRows(Node.Param p) {
        return gradients.get(p) instanceof Gradient.Scatter scatter && scatter.onlyRowsUsed();
    }

    /** Whether batches are split between threads (the model does enough work per example). */
    public boolean parallel() {
        return parallel;
    }

    /**
     * Whether a batch's inputs are copied in from the data set by the workers' threads, each its examples
     * (in a model whose batches are split, with at least {@link #SPLIT_LOAD} input numbers an example): a
     * batch of 64 of mlp784's 784 pixels took 21 µs a step to copy on the caller alone, a tenth of its
     * 2-thread step, and a part that stays serial however many cores share the rest.
     */
    public boolean loadsInParallel() {
        return parallel && plan.model().inputs().stream().mapToInt(in -> in.shape().size()).sum() >= SPLIT_LOAD;
    }

    /** The work of one example ({@link Flops#perExample}), which decides whether batches are split. */
    public long flopsPerExample() {
        return flopsPerExample;
    }

    /** Large weights are updated row range by row range, on both threads. */
    public boolean updatedByRows(Node.Param param) {
        return parallel && param.shape().isMatrix() && param.shape().size() >= LARGE;
    }

    /** Whether a node is a batched buffer: one row of a flat, batch-major array per example. */
    private boolean hasRows(Node n) {
        return (n instanceof Node.Input in && !in.isClass() || plan.isMaterialized(n)) && plan.isBatched(n);
    }

    /** The kernel form of a batched product with a large weight and a buffered argument, or null. */
    private Product.Gemm gemm(Node.Apply a) {
        if (a.op() != LinAlg.MATMUL || !plan.isBatched(a) || !a.arg(0).shape().isMatrix() || !a.arg(1).shape().isVector()
                || !hasRows(a.arg(1))) {
            return null;
        }
        if (a.arg(0) instanceof Node.Param w && w.shape().size() >= GEMM) {
            return new Product.Gemm(w, false);
        }
        if (a.arg(0) instanceof Node.Apply tr && tr.op() == LinAlg.TRANSPOSE && tr.arg(0) instanceof Node.Param w
                && w.shape().size() >= GEMM) {
            return new Product.Gemm(w, true);
        }
        return null;
    }

    /** Whether any product or gradient runs on the kernels (the trainer then holds the runtime's kernels). */
    public boolean usesKernels() {
        List<Node> all = new ArrayList<>(plan.outputPart());
        all.addAll(plan.lossPart());
        all.addAll(plan.backwardPart());
        return all.stream().anyMatch(n -> n instanceof Node.Apply a && (gemm(a) != null || a.op() instanceof Window))
                || gradients.values().stream().anyMatch(g -> g instanceof Gradient.Gemm);
    }

    /** The loop form of a product node, for one example ({@code batched}) or shared by all. */
    public Product product(Node.Apply a) {
        Product.Gemm kernel = gemm(a);
        if (kernel != null) {
            return kernel;
        }
        Node x = a.arg(1);
        Shape sa = a.arg(0).shape();
        if (!sa.isMatrix() || !x.shape().isVector()) {
            return new Product.Plain();
        }
        boolean xRows = (x instanceof Node.Input || plan.isMaterialized(x)) && plan.isBatched(x) && plan.isBatched(a);
        if (a.arg(0) instanceof Node.Param w && transposed.contains(w)) {
            return xRows ? new Product.Blocked(w, true) : new Product.CopyRows(w);
        }
        if (a.arg(0) instanceof Node.Apply tr && tr.op() == LinAlg.TRANSPOSE) {
            if (xRows && tr.arg(0) instanceof Node.Param w && w.shape().size() >= LARGE) {
                return new Product.Blocked(w, false);
            }
            return new Product.TransposedRows(tr.arg(0));
        }
        return new Product.Plain();
    }
}
