package dev.gradus.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradus.compiler.emit.Members.Field;
import dev.gradus.compiler.ir.Conv;
import dev.gradus.compiler.ir.ConvInputGrad;
import dev.gradus.compiler.ir.ConvKernelGrad;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Pool;
import dev.gradus.compiler.ir.PoolGrad;
import dev.gradus.compiler.ir.Reshape;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Window;
import dev.gradus.compiler.lower.Names;
import dev.gradus.compiler.lower.Schedule;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Prints the window layers as calls of the runtime's {@code Conv} and {@code Pool} kernels
 * ({@code dev.gradus.runtime.layers}), one call per example of the range (a kernel gradient: one per
 * block of examples, into that block's sum): each reads and writes its tensors as an array and the
 * offset of that example's row. The convolutions' im2col scratch is a field sized for the largest
 * layer, one per thread when batches are split; a forward max pooling keeps where each window's
 * maximum is, per example, for its backward pass.
 */
final class LayerEmitter {
    private final Emission e;

    LayerEmitter(Emission e) {
        this.e = e;
    }

    /** The window nodes the trainer computes. */
    static List<Node.Apply> windows(Emission e) {
        List<Node> all = new ArrayList<>(e.plan().outputPart());
        all.addAll(e.plan().lossPart());
        all.addAll(e.plan().backwardPart());
        List<Node.Apply> w = new ArrayList<>();
        for (Node n : all) {
            if (n instanceof Node.Apply a && a.op() instanceof Window && !w.contains(a)) {
                w.add(a);
            }
        }
        return w;
    }

    /**
     * The scratch the window layers need, {scratch elements, pooled elements}: a convolution's im2col
     * columns, and a max pooling's maxima found again where no forward pooling stored them.
     */
    private static int[] scratchNeeds(Emission e) {
        int scratch = 0;
        int pooled = 0;
        for (Node.Apply a : windows(e)) {
            boolean stored = e.schedule().argmaxOf(a) != null;
            int[] need = ((Window) a.op()).accept(new Window.Visitor<int[]>() { // {scratch, pooled}
                public int[] conv(Conv c) {
                    return new int[] {scratchSize(c.dims(), c.stride(), c.padding(), a.arg(0).shape(), a.arg(1).shape()), 0};
                }

                public int[] convInputGrad(ConvInputGrad c) {
                    return new int[] {scratchSize(c.dims(), c.stride(), c.padding(), c.input(), a.arg(1).shape()), 0};
                }

                public int[] convKernelGrad(ConvKernelGrad c) {
                    Shape x = a.arg(0).shape();
                    Shape k = c.kernel();
                    int batch = Schedule.EXAMPLE_GRAIN; // by blocks: their columns side by side, one GEMM a block
                    if (!e.schedule().summedByBlocks(a)) {
                        return new int[] {scratchSize(c.dims(), c.stride(), c.padding(), x, k), 0};
                    }
                    return new int[] {c.dims() == 1
                            ? dev.gradus.runtime.layers.Conv.conv1dKernelGradientScratchSize(batch, x.dim(0), x.dim(1), k.dim(0), k.dim(2),
                                    c.stride(), c.padding())
                            : dev.gradus.runtime.layers.Conv.conv2dKernelGradientScratchSize(batch, x.dim(0), x.dim(1), x.dim(2), k.dim(0),
                                    k.dim(2), k.dim(3), c.stride(), c.padding()), 0};
                }

                public int[] pool(Pool p) {
                    return new int[] {0, p.kind() == Pool.Kind.AT_MAX && !stored ? a.shape().size() : 0};
                }

                public int[] poolGrad(PoolGrad p) {
                    return new int[] {0, p.kind() == Pool.Kind.MAX && !stored ? a.arg(1).shape().size() : 0};
                }
            });
            scratch = Math.max(scratch, need[0]);
            pooled = Math.max(pooled, need[1]);
        }
        return new int[] {scratch, pooled};
    }

    /**
     * The scratch fields (one array per thread when the batch is split between threads, allocated
     * with the workers) and each forward max pooling's stored maxima, when the model has window layers.
     */
    static void addFields(Emission e, TypeSpec.Builder type) {
        int[] need = scratchNeeds(e);
        Members m = e.members();
        boolean perThread = e.schedule().scratchPerThread();
        String each = perThread ? ", one per thread" : "";
        if (need[0] > 0) {
            type.addField(scratchField(e, e.p().type(perThread ? 2 : 1), m.field(Field.layerScratch), need[0])
                    .addJavadoc("The convolutions' working space (im2col columns: one example's, a block's for a kernel gradient$L), shared by every\nlayer in turn.\n", each)
                    .build());
        }
        if (need[1] > 0) {
            type.addField(scratchField(e, TypeName.get(perThread ? int[][].class : int[].class), m.field(Field.poolIndex), need[1])
                    .addJavadoc("Where each window's maximum is, for one example of a max pooling$L.\n", each).build());
            type.addField(scratchField(e, e.p().type(perThread ? 2 : 1), m.field(Field.poolMax), need[1])
                    .addJavadoc("One example's window maxima, found again by a max pooling's backward pass$L.\n", each).build());
        }
        for (Node.Apply pool : e.schedule().maxPools()) {
            type.addField(FieldSpec.builder(int[].class, m.argmax(pool), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Where each window's maximum is in $L, for $L's backward pass: $L$L.\n", m.of(source(pool.arg(0))), m.of(pool),
                            pool.shape(), e.plan().isBatched(pool) ? " per example" : "").build());
        }
    }

    private static FieldSpec.Builder scratchField(Emission e, TypeName type, String name, int size) {
        FieldSpec.Builder f = FieldSpec.builder(type, name, Modifier.PRIVATE);
        if (e.schedule().scratchPerThread()) {
            return f; // allocated with the workers: allocateScratch
        }
        String element = type.equals(TypeName.get(int[].class)) ? "int" : e.p().keyword();
        return f.addModifiers(Modifier.FINAL).initializer("new $L[$L]", element, size);
    }

    /** In the constructor: each forward max pooling's stored maxima, for {@code maxBatch} examples. */
    static void allocate(Emission e, CodeBlock.Builder b, String maxBatch) {
        for (Node.Apply pool : e.schedule().maxPools()) {
            b.addStatement("this.$L = new int[$L]", e.members().argmax(pool),
                    e.plan().isBatched(pool) ? ElementExpressions.times(maxBatch, pool.shape().size()) : pool.shape().size());
        }
    }

    /** Where the workers are made: one scratch per thread they may run ({@code threads()}). */
    static void allocateScratch(Emission e, CodeBlock.Builder b) {
        if (!e.schedule().scratchPerThread()) {
            return;
        }
        int[] need = scratchNeeds(e);
        Members m = e.members();
        if (need[0] > 0) {
            b.addStatement("this.$L = new $L[threads()][$L]", m.field(Field.layerScratch), e.p().keyword(), need[0]);
        }
        if (need[1] > 0) {
            b.addStatement("this.$L = new int[threads()][$L]", m.field(Field.poolIndex), need[1]);
            b.addStatement("this.$L = new $L[threads()][$L]", m.field(Field.poolMax), e.p().keyword(), need[1]);
        }
    }

    private static int scratchSize(int dims, int stride, int padding, Shape x, Shape k) {
        return dims == 1 ? dev.gradus.runtime.layers.Conv.conv1dScratchSize(x.dim(0), x.dim(1), k.dim(0), k.dim(2), stride, padding)
                : dev.gradus.runtime.layers.Conv.conv2dScratchSize(x.dim(0), x.dim(1), x.dim(2), k.dim(0), k.dim(2), k.dim(3), stride,
                        padding);
    }

    /** Computes window node {@code a} for examples from..to-1 (once, if it is shared by the batch). */
    void compute(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Window w) {
        boolean batched = e.plan().isBatched(a);
        String ex = batched ? s.get("ex") : null;
        // a batched node runs in a per-example method, on the thread it is told; a shared one on the caller's
        String thread = !e.schedule().scratchPerThread() ? null : batched ? s.get("thread") : "0";
        List<String> shapes = new ArrayList<>();
        for (Node arg : a.args()) {
            shapes.add(at(arg, null).split(", ")[0] + " " + arg.shape());
        }
        if (e.schedule().summedByBlocks(a)) {
            b.add("// $L -> $L $L, summed over each block of $L examples\n", String.join(", ", shapes), e.members().of(a), a.shape(),
                    Schedule.EXAMPLE_GRAIN);
            convKernelBlocks(b, s, a, (ConvKernelGrad) w, thread);
            return;
        }
        b.add("// $L -> $L $L$L\n", String.join(", ", shapes), e.members().of(a), a.shape(), batched ? ", for each example" : "");
        if (batched) {
            Loops.open(b, ex, s.get("from"), s.get("to"));
        }
        w.accept(new Window.Visitor<Void>() {
            public Void conv(Conv c) {
                LayerEmitter.this.conv(b, a, c, ex, thread);
                return null;
            }

            public Void convInputGrad(ConvInputGrad c) {
                convInput(b, a, c, ex, thread);
                return null;
            }

            public Void convKernelGrad(ConvKernelGrad c) {
                convKernel(b, a, c, ex, thread);
                return null;
            }

            public Void pool(Pool p) {
                LayerEmitter.this.pool(b, s, a, p, ex, thread);
                return null;
            }

            public Void poolGrad(PoolGrad p) {
                LayerEmitter.this.poolGrad(b, a, p, ex, thread);
                return null;
            }
        });
        if (batched) {
            b.endControlFlow();
        }
    }

    /** The buffer holding a tensor: its own, or a reshape's source's (the same elements, row-major). */
    private static Node source(Node n) {
        Node source = n;
        while (source instanceof Node.Apply r && r.op() instanceof Reshape) {
            source = r.arg(0);
        }
        return source;
    }

    /** {@code h1, ex * 1024}: the array holding a tensor and the offset of example ex's row (0 if shared). */
    private String at(Node n, String ex) {
        Node source = source(n);
        boolean rows = ex != null && e.plan().isBatched(source);
        return e.members().of(source) + ", " + (rows ? ElementExpressions.times(ex, source.shape().size()) : "0");
    }

    /** {@code p1_argmax, ex * 256}: a forward max pooling's stored maxima for example ex. */
    private String argmaxAt(Node.Apply pool, String ex) {
        boolean rows = ex != null && e.plan().isBatched(pool);
        return e.members().argmax(pool) + ", " + (rows ? ElementExpressions.times(ex, pool.shape().size()) : "0");
    }

    /** {@code 1, 8, 8} (or {@code 1, 8} in 1-d): channels and sizes of an input. */
    private static String chw(Shape x, int dims) {
        return dims == 1 ? x.dim(0) + ", " + x.dim(1) : x.dim(0) + ", " + x.dim(1) + ", " + x.dim(2);
    }

    /** {@code 16, 3, 3}: output channels and window of a kernel. */
    private static String window(Shape k, int dims) {
        return dims == 1 ? k.dim(0) + ", " + k.dim(2) : k.dim(0) + ", " + k.dim(2) + ", " + k.dim(3);
    }

    private String kernels() {
        return e.members().field(Field.KERNELS);
    }

    /** A scratch field, or this thread's array of it. */
    private String scratch(Field f, String thread) {
        return e.members().field(f) + (thread == null ? "" : "[" + thread + "]");
    }

    private void conv(CodeBlock.Builder b, Node.Apply a, Conv c, String ex, String thread) {
        Shape x = a.arg(0).shape();
        Shape k = a.arg(1).shape();
        String bias = c.bias() ? at(a.arg(2), null) : "null, 0";
        b.addStatement("$T.conv$Ld($L, 1, $L, $L, $L, $L, $L, $L, $L, $L, $L)", Types.CONV, c.dims(), kernels(), chw(x, c.dims()),
                window(k, c.dims()), c.stride(), c.padding(), at(a.arg(0), ex), at(a.arg(1), null), bias, at(a, ex),
                scratch(Field.layerScratch, thread));
    }

    private void convInput(CodeBlock.Builder b, Node.Apply a, ConvInputGrad c, String ex, String thread) {
        Shape k = a.arg(1).shape();
        b.addStatement("$T.conv$LdInputGradient($L, 1, $L, $L, $L, $L, $L, $L, $L, $L, false)", Types.CONV, c.dims(), kernels(),
                chw(c.input(), c.dims()), window(k, c.dims()), c.stride(), c.padding(), at(a.arg(0), ex), at(a.arg(1), ex), at(a, ex),
                scratch(Field.layerScratch, thread));
    }

    private void convKernel(CodeBlock.Builder b, Node.Apply a, ConvKernelGrad c, String ex, String thread) {
        b.addStatement("$T.conv$LdKernelGradient($L, 1, $L, $L, $L, $L, $L, $L, $L, $L, false)", Types.CONV, c.dims(), kernels(),
                chw(a.arg(0).shape(), c.dims()), window(c.kernel(), c.dims()), c.stride(), c.padding(), at(a.arg(0), ex),
                at(a.arg(1), ex), at(a, ex), scratch(Field.layerScratch, thread));
    }

    /**
     * A kernel gradient's sum over each block of examples from..to-1 (a chunk starts at a multiple of
     * the block size and ends at one or at the batch's end), one runtime call a block: its examples add
     * up in the block's partial sum in order, whichever thread runs the block.
     */
    private void convKernelBlocks(CodeBlock.Builder b, Names.Scope s, Node.Apply a, ConvKernelGrad c, String thread) {
        int grain = Schedule.EXAMPLE_GRAIN;
        String block = s.get("block");
        String first = s.get("first");
        String from = s.get("from");
        String to = s.get("to");
        b.beginControlFlow("for (int $L = $L / $L; $L * $L < $L; $L++)", block, from, grain, block, grain, to, block)
                .addStatement("int $L = $L * $L", first, block, grain);
        String[] out = at(a, null).split(", ");
        b.addStatement("$T.conv$LdKernelGradient($L, $T.min($L, $L - $L), $L, $L, $L, $L, $L, $L, $L, $L, $L, false)",
                Types.CONV, c.dims(), kernels(), Types.MATH, grain, to, first, chw(a.arg(0).shape(), c.dims()),
                window(c.kernel(), c.dims()), c.stride(), c.padding(), at(a.arg(0), first), at(a.arg(1), first), out[0],
                ElementExpressions.times(block, a.shape().size()), scratch(Field.layerScratch, thread)).endControlFlow();
    }

    private void pool(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Pool p, String ex, String thread) {
        String geometry = chw(a.arg(0).shape(), p.dims()) + ", " + p.k() + ", " + p.stride();
        switch (p.kind()) {
            case AVG -> b.addStatement("$T.avgPool$Ld(1, $L, $L, $L)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex), at(a, ex));
            case MAX -> b.addStatement("$T.maxPool$Ld(1, $L, $L, $L, $L)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex),
                    at(a, ex), argmaxAt(a, ex));
            case AT_MAX -> { // d at the maxima of x's windows: as the forward pooling stored them, or found again
                Node.Apply stored = e.schedule().argmaxOf(a);
                String[] index;
                if (stored != null) {
                    index = argmaxAt(stored, ex).split(", ");
                } else {
                    index = new String[] {scratch(Field.poolIndex, thread), "0"};
                    b.addStatement("$T.maxPool$Ld(1, $L, $L, $L, 0, $L, 0)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex),
                            scratch(Field.poolMax, thread), index[0]);
                }
                String[] d = at(a.arg(1), ex).split(", ");
                String[] out = at(a, ex).split(", ");
                int channels = a.shape().dim(0);
                int plane = a.shape().size() / channels;
                int inPlane = a.arg(0).shape().size() / channels;
                String c = s.get("c");
                String i = s.get("i");
                Loops.open(b, c, 0, channels);
                Loops.open(b, i, 0, plane);
                b.addStatement("$L[$L + $L * $L + $L] = $L[$L + $L * $L + $L[$L + $L * $L + $L]]", out[0], out[1], c, plane, i, d[0], d[1],
                        c, inPlane, index[0], index[1], c, plane, i).endControlFlow().endControlFlow();
            }
        }
    }

    private void poolGrad(CodeBlock.Builder b, Node.Apply a, PoolGrad p, String ex, String thread) {
        String geometry = chw(p.input(), p.dims()) + ", " + p.k() + ", " + p.stride();
        if (p.kind() == Pool.Kind.AVG) {
            b.addStatement("$T.avgPool$LdBackward(1, $L, $L, $L, false)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex), at(a, ex));
            return;
        }
        Node.Apply stored = e.schedule().argmaxOf(a);
        String index;
        if (stored != null) { // the maxima the forward pooling stored
            index = argmaxAt(stored, ex);
        } else {
            index = scratch(Field.poolIndex, thread) + ", 0";
            b.addStatement("$T.maxPool$Ld(1, $L, $L, $L, 0, $L)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex),
                    scratch(Field.poolMax, thread), index);
        }
        b.addStatement("$T.maxPool$LdBackward(1, $L, $L, $L, $L, false)", Types.POOL, p.dims(), geometry, at(a.arg(1), ex), index,
                at(a, ex));
    }
}
