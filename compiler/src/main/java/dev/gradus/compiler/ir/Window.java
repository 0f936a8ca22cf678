package dev.gradus.compiler.ir;

import java.util.List;

/**
 * The ops that slide a window over the last one or two axes of a tensor, channel by channel: the
 * convolutions ({@link Conv}) and their two adjoints ({@link ConvInputGrad}, the transposed
 * convolution; {@link ConvKernelGrad}, the correlation of the input with the output's gradient), and
 * pooling ({@link Pool}) with its adjoint ({@link PoolGrad}). Each lowers to the runtime's
 * {@code dev.gradus.runtime.layers} kernels, one call per range of examples.
 */
public sealed interface Window extends Op permits Conv, ConvInputGrad, ConvKernelGrad, Pool, PoolGrad {

    /** 1 ({@code x [C, L]}) or 2 ({@code x [C, H, W]}). */
    int dims();

    /** A pass over the window ops, one method each (javac holds every pass to all of them). */
    interface Visitor<R> {
        R conv(Conv op);

        R convInputGrad(ConvInputGrad op);

        R convKernelGrad(ConvKernelGrad op);

        R pool(Pool op);

        R poolGrad(PoolGrad op);
    }

    /** Calls the visitor's method for this op. */
    <R> R accept(Visitor<R> visitor);

    @Override
    default Lowering lowering() {
        return Lowering.KERNEL;
    }

    @Override
    default <R> R accept(OpVisitor<R> visitor) {
        return visitor.window(this);
    }

    /** Channels, height (1 in 1-d) and width of an input {@code [C, L]} or {@code [C, H, W]}. */
    static int[] chw(Shape s, int dims) {
        return dims == 1 ? new int[] {s.dim(0), 1, s.dim(1)} : new int[] {s.dim(0), s.dim(1), s.dim(2)};
    }

    /** Checks that {@code x} is {@code [C, L]} (1-d) or {@code [C, H, W]} (2-d) for the function named. */
    static void requireInput(String fn, String what, Shape x, int dims) {
        if (x.rank() != dims + 1) {
            throw new ShapeException(fn + " needs " + what + (dims == 1 ? " [C, L]" : " [C, H, W]") + ", found " + x);
        }
    }

    /** A shape of channels, then the height (2-d only) and width given. */
    static Shape shape(int dims, int c, int h, int w) {
        return dims == 1 ? Shape.of(c, w) : Shape.of(c, h, w);
    }

    /** {@code stride = 2, padding = 1}: the constants that differ from their defaults, as a call names them. */
    static String keywords(int stride, int padding, int defaultStride) {
        String s = stride != defaultStride ? "stride = " + stride : "";
        if (padding != 0) {
            s += (s.isEmpty() ? "" : ", ") + "padding = " + padding;
        }
        return s;
    }

    /** The same, then {@code output_padding = r} where {@code outputPadding} is not empty. */
    static String keywords(int stride, int padding, int defaultStride, String outputPadding) {
        String s = keywords(stride, padding, defaultStride);
        return outputPadding.isEmpty() ? s : s + (s.isEmpty() ? "" : ", ") + "output_padding = " + outputPadding;
    }

    /**
     * The positions of an input {@code x} past a window's last position (kernel {@code k}, or a pool's
     * window of {@code k} taken as {@code [*, *, k, k]}): {@code (size + 2 * padding - window) % stride} on
     * each axis; empty where there are none, {@code [1, 0]} where the two axes differ (as PyTorch's
     * {@code output_padding=(1, 0)}).
     */
    static String outputPadding(int dims, Shape x, Shape k, int stride, int padding) {
        int rh = dims == 1 ? 0 : (x.dim(1) + 2 * padding - k.dim(2)) % stride;
        int rw = (x.dim(dims) + 2 * padding - k.dim(k.rank() - 1)) % stride;
        if (dims == 2 && rh != rw) {
            return "[" + rh + ", " + rw + "]";
        }
        return rw == 0 ? "" : String.valueOf(rw);
    }

    /**
     * The keywords of printed math's forms from {@code from} on ({@code stride = 2, padding = 1}) as a
     * LaTeX subscript's text ({@code \text{stride}=2,\ \text{padding}=1}), or empty.
     */
    static String latexKeywords(List<MathForm> args, int from) {
        List<String> parts = new java.util.ArrayList<>();
        for (MathForm a : args.subList(Math.min(from, args.size()), args.size())) {
            for (String kv : a.text().split(", (?=[a-z_]+ = )")) {
                String[] nv = kv.split(" = ", 2);
                parts.add("\\text{" + nv[0].replace("_", "\\_") + "}=" + nv[1]);
            }
        }
        return String.join(",\\ ", parts);
    }

    /** The forms printed math shows: the arguments, then the keywords if any. */
    static List<MathForm> withKeywords(List<MathForm> args, String keywords) {
        if (keywords.isEmpty()) {
            return args;
        }
        List<MathForm> all = new java.util.ArrayList<>(args);
        all.add(MathForm.atom(keywords));
        return all;
    }
}
