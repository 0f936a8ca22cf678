package dev.gradus.compiler.ir;

import java.util.List;

/**
 * {@code conv_transpose1d(g, K, stride = 1, padding = 0, output_padding = 0)} and
 * {@code conv_transpose2d(...)}: the derivative of a convolution in its input, the transposed convolution of the output's gradient
 * {@code g [O, L']} (or {@code [O, H', W']}) with the kernel, back to the input's shape {@code input}
 * ({@code F.conv_transpose1d/2d} with the same stride and padding): each input element gets
 * {@code g[o][i] K[o][c][t]} from every window position that covered it. Linear in both arguments:
 * its own derivatives are the convolution and the kernel's correlation again.
 */
public record ConvInputGrad(int dims, int stride, int padding, Shape input) implements Window {

    @Override
    public String label() {
        return "conv_transpose" + dims + "d";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape k = args.get(1);
        Shape expected = new Conv(dims, stride, padding, false).shape(List.of(input, k));
        if (!args.get(0).equals(expected)) {
            throw new ShapeException(label() + " needs a gradient of shape " + expected + " for the kernel " + k + ", found "
                    + args.get(0));
        }
        return input;
    }

    /**
     * The op a call {@code conv_transpose2d(g, K, stride, padding, output_padding)} makes
     * ({@code F.conv_transpose2d} without a bias): the input is {@code [C, (H' - 1) * stride - 2 * padding + kh
     * + output_padding, ...]} for {@code g [O, H', W']} and {@code K [O, C, kh, kw]}; {@code output_padding}
     * (below the stride) is the input's positions past the last window, which the convolution never read.
     */
    public static ConvInputGrad of(int dims, int stride, int padding, int[] outputPadding, Shape g, Shape k) {
        String fn = "conv_transpose" + dims + "d";
        Window.requireInput(fn, "a gradient", g, dims);
        if (k.rank() != dims + 2) {
            throw new ShapeException(fn + " needs a kernel " + (dims == 1 ? "[O, C, k]" : "[O, C, kh, kw]") + ", found " + k);
        }
        if (k.dim(0) != g.dim(0)) {
            throw new ShapeException("the kernel " + k + " has " + k.dim(0) + " output channel" + (k.dim(0) == 1 ? "" : "s")
                    + " but the gradient " + g + " has " + g.dim(0));
        }
        for (int r : outputPadding) {
            if (r >= stride) {
                throw new ShapeException("output_padding must be smaller than the stride " + stride + ", found " + r);
            }
        }
        int[] size = new int[dims + 1];
        size[0] = k.dim(1);
        for (int a = 1; a <= dims; a++) {
            size[a] = (g.dim(a) - 1) * stride - 2 * padding + k.dim(a + 1) + outputPadding[dims == 1 ? 1 : a - 1];
            if (size[a] < 1) {
                throw new ShapeException("the gradient " + g + " and the kernel " + k + " with padding " + padding
                        + " make an input of size " + size[a]);
            }
        }
        return new ConvInputGrad(dims, stride, padding, Shape.of(size));
    }

    @Override
    public Signature signature() {
        return Signature.of(label(), "g", "K").withConstant("stride", 1.0).withConstant("padding", 0.0)
                .withConstant("output_padding", 0.0);
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        Node k = self.arg(1);
        return List.of(graph.apply(new Conv(dims, stride, padding, false), g, k),
                graph.apply(new ConvKernelGrad(dims, stride, padding, k.shape()), g, self.arg(0)));
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        Shape k = shapes.get(1);
        return WindowMath.inputGrad(new Conv(dims, stride, padding, false).geometry(input, k), k.dim(0), args.get(0), args.get(1));
    }

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        return Window.withKeywords(args, Window.keywords(stride, padding, 1));
    }

    /** With {@code output_padding} where the input has positions past the last window. */
    @Override
    public List<MathForm> mathArgs(List<MathForm> args, List<Shape> shapes) {
        return Window.withKeywords(args, Window.keywords(stride, padding, 1, Window.outputPadding(dims, input, shapes.get(1), stride, padding)));
    }

    /** The transposed convolution: {@code \operatorname{conv2d}^{\top}(g, K)}, the geometry as a subscript. */
    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        String keywords = Window.latexKeywords(args, 2);
        return MathForm.call("\\operatorname{conv" + dims + "d}^{\\top}" + (keywords.isEmpty() ? "" : "_{" + keywords + "}"),
                args.subList(0, 2));
    }

    @Override
    public <R> R accept(Window.Visitor<R> visitor) {
        return visitor.convInputGrad(this);
    }
}
