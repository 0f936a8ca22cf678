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
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Prints the window layers as calls of the runtime's {@code Conv} and {@code Pool} kernels
 * ({@code dev.gradus.runtime.layers}), one call per example of the range: each reads and writes its
 * tensors as an array and the offset of that example's row. The scratch the convolutions share (their
 * im2col columns) and a max pooling's window maxima are fields, sized for the largest layer.
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

    /** The scratch and index fields, when the model has window layers. */
    static void addFields(Emission e, TypeSpec.Builder type) {
        int scratch = 0;
        int pooled = 0;
        for (Node.Apply a : windows(e)) {
            int[] need = ((Window) a.op()).accept(new Window.Visitor<int[]>() { // {scratch, pooled}
                public int[] conv(Conv c) {
                    return new int[] {scratchSize(c.dims(), c.stride(), c.padding(), a.arg(0).shape(), a.arg(1).shape()), 0};
                }

                public int[] convInputGrad(ConvInputGrad c) {
                    return new int[] {scratchSize(c.dims(), c.stride(), c.padding(), c.input(), a.arg(1).shape()), 0};
                }

                public int[] convKernelGrad(ConvKernelGrad c) {
                    return new int[] {scratchSize(c.dims(), c.stride(), c.padding(), a.arg(0).shape(), c.kernel()), 0};
                }

                public int[] pool(Pool p) {
                    return new int[] {0, p.kind() == Pool.Kind.AVG ? 0 : a.shape().size()};
                }

                public int[] poolGrad(PoolGrad p) {
                    return new int[] {0, p.kind() == Pool.Kind.AVG ? 0 : a.arg(1).shape().size()};
                }
            });
            scratch = Math.max(scratch, need[0]);
            pooled = Math.max(pooled, need[1]);
        }
        Members m = e.members();
        if (scratch > 0) {
            type.addField(FieldSpec.builder(e.p().type(1), m.field(Field.layerScratch), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("The convolutions' working space (one example's im2col columns), shared by every layer in turn.\n")
                    .initializer("new $L[$L]", e.p().keyword(), scratch).build());
        }
        if (pooled > 0) {
            type.addField(FieldSpec.builder(int[].class, m.field(Field.poolIndex), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Where each window's maximum is, for one example of a max pooling.\n")
                    .initializer("new int[$L]", pooled).build());
            type.addField(FieldSpec.builder(e.p().type(1), m.field(Field.poolMax), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("One example's window maxima, found again by a max pooling's backward pass.\n")
                    .initializer("new $L[$L]", e.p().keyword(), pooled).build());
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
        List<String> shapes = new ArrayList<>();
        for (Node arg : a.args()) {
            shapes.add(at(arg, null).split(", ")[0] + " " + arg.shape());
        }
        b.add("// $L -> $L $L$L\n", String.join(", ", shapes), e.members().of(a), a.shape(), batched ? ", for each example" : "");
        if (batched) {
            Loops.open(b, ex, s.get("from"), s.get("to"));
        }
        w.accept(new Window.Visitor<Void>() {
            public Void conv(Conv c) {
                LayerEmitter.this.conv(b, a, c, ex);
                return null;
            }

            public Void convInputGrad(ConvInputGrad c) {
                convInput(b, a, c, ex);
                return null;
            }

            public Void convKernelGrad(ConvKernelGrad c) {
                convKernel(b, a, c, ex);
                return null;
            }

            public Void pool(Pool p) {
                LayerEmitter.this.pool(b, s, a, p, ex);
                return null;
            }

            public Void poolGrad(PoolGrad p) {
                LayerEmitter.this.poolGrad(b, a, p, ex);
                return null;
            }
        });
        if (batched) {
            b.endControlFlow();
        }
    }

    /** {@code h1, ex * 1024}: the array holding a tensor and the offset of example ex's row (0 if shared). */
    private String at(Node n, String ex) {
        Node source = n;
        while (source instanceof Node.Apply r && r.op() instanceof Reshape) { // the same elements, row-major
            source = r.arg(0);
        }
        boolean rows = ex != null && e.plan().isBatched(source);
        return e.members().of(source) + ", " + (rows ? ElementExpressions.times(ex, source.shape().size()) : "0");
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

    private String scratch() {
        return e.members().field(Field.layerScratch);
    }

    private void conv(CodeBlock.Builder b, Node.Apply a, Conv c, String ex) {
        Shape x = a.arg(0).shape();
        Shape k = a.arg(1).shape();
        String bias = c.bias() ? at(a.arg(2), null) : "null, 0";
        b.addStatement("$T.conv$Ld($L, 1, $L, $L, $L, $L, $L, $L, $L, $L, $L)", Types.CONV, c.dims(), kernels(), chw(x, c.dims()),
                window(k, c.dims()), c.stride(), c.padding(), at(a.arg(0), ex), at(a.arg(1), null), bias, at(a, ex), scratch());
    }

    private void convInput(CodeBlock.Builder b, Node.Apply a, ConvInputGrad c, String ex) {
        Shape k = a.arg(1).shape();
        b.addStatement("$T.conv$LdInputGradient($L, 1, $L, $L, $L, $L, $L, $L, $L, $L, false)", Types.CONV, c.dims(), kernels(),
                chw(c.input(), c.dims()), window(k, c.dims()), c.stride(), c.padding(), at(a.arg(0), ex), at(a.arg(1), ex), at(a, ex),
                scratch());
    }

    private void convKernel(CodeBlock.Builder b, Node.Apply a, ConvKernelGrad c, String ex) {
        b.addStatement("$T.conv$LdKernelGradient($L, 1, $L, $L, $L, $L, $L, $L, $L, $L, false)", Types.CONV, c.dims(), kernels(),
                chw(a.arg(0).shape(), c.dims()), window(c.kernel(), c.dims()), c.stride(), c.padding(), at(a.arg(0), ex),
                at(a.arg(1), ex), at(a, ex), scratch());
    }

    private void pool(CodeBlock.Builder b, Names.Scope s, Node.Apply a, Pool p, String ex) {
        String geometry = chw(a.arg(0).shape(), p.dims()) + ", " + p.k() + ", " + p.stride();
        switch (p.kind()) {
            case AVG -> b.addStatement("$T.avgPool$Ld(1, $L, $L, $L)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex), at(a, ex));
            case MAX -> b.addStatement("$T.maxPool$Ld(1, $L, $L, $L, $L, 0)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex),
                    at(a, ex), e.members().field(Field.poolIndex));
            case AT_MAX -> { // d at the maxima of x's windows: the maxima found again, then read
                String index = e.members().field(Field.poolIndex);
                b.addStatement("$T.maxPool$Ld(1, $L, $L, $L, 0, $L, 0)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex),
                        e.members().field(Field.poolMax), index);
                String[] d = at(a.arg(1), ex).split(", ");
                String[] out = at(a, ex).split(", ");
                int channels = a.shape().dim(0);
                int plane = a.shape().size() / channels;
                int inPlane = a.arg(0).shape().size() / channels;
                String c = s.get("c");
                String i = s.get("i");
                Loops.open(b, c, 0, channels);
                Loops.open(b, i, 0, plane);
                b.addStatement("$L[$L + $L * $L + $L] = $L[$L + $L * $L + $L[$L * $L + $L]]", out[0], out[1], c, plane, i, d[0], d[1], c,
                        inPlane, index, c, plane, i).endControlFlow().endControlFlow();
            }
        }
    }

    private void poolGrad(CodeBlock.Builder b, Node.Apply a, PoolGrad p, String ex) {
        String geometry = chw(p.input(), p.dims()) + ", " + p.k() + ", " + p.stride();
        if (p.kind() == Pool.Kind.AVG) {
            b.addStatement("$T.avgPool$LdBackward(1, $L, $L, $L, false)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex), at(a, ex));
            return;
        }
        String index = e.members().field(Field.poolIndex);
        b.addStatement("$T.maxPool$Ld(1, $L, $L, $L, 0, $L, 0)", Types.POOL, p.dims(), geometry, at(a.arg(0), ex),
                e.members().field(Field.poolMax), index);
        b.addStatement("$T.maxPool$LdBackward(1, $L, $L, $L, 0, $L, false)", Types.POOL, p.dims(), geometry, at(a.arg(1), ex), index,
                at(a, ex));
    }
}
