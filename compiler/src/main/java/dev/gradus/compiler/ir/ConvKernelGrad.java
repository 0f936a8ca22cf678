package dev.gradus.compiler.ir;

import java.util.List;

/**
 * {@code correlate1d(x, g, stride = 1, padding = 0, output_padding = 0)} and {@code correlate2d(...)}:
 * the derivative of a convolution in its kernel: the correlation of the input {@code x} with the
 * output's gradient {@code g}, {@code dK[o][c][t] = Σ_i g[o][i] x[c][i·stride - padding + t]} (each
 * kernel tap meets the input elements it multiplied), of the kernel's shape {@code kernel}. Linear in
 * both arguments: its own derivatives are the transposed convolution and the convolution.
 */
public record ConvKernelGrad(int dims, int stride, int padding, Shape kernel) implements Window {

    @Override
    public String label() {
        return "correlate" + dims + "d";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape expected = new Conv(dims, stride, padding, false).shape(List.of(args.get(0), kernel));
        if (!args.get(1).equals(expected)) {
            throw new ShapeException(label() + " needs a gradient of shape " + expected + " for the input " + args.get(0)
                    + ", found " + args.get(1));
        }
        return kernel;
    }

    /**
     * The op a call {@code correlate2d(x, g, stride, padding, output_padding)} makes: the kernel is
     * {@code [O, C, H + 2 * padding - (H' - 1) * stride - output_padding, ...]} for {@code x [C, H, W]} and
     * {@code g [O, H', W']}, {@code output_padding} (below the stride) being the convolution's input positions
     * past its last window, as {@code conv_transpose2d} takes it.
     */
    public static ConvKernelGrad of(int dims, int stride, int padding, int[] outputPadding, Shape x, Shape g) {
        String fn = "correlate" + dims + "d";
        Window.requireInput(fn, "an input", x, dims);
        Window.requireInput(fn, "a gradient", g, dims);
        for (int r : outputPadding) {
            if (r >= stride) {
                throw new ShapeException("output_padding must be smaller than the stride " + stride + ", found " + r);
            }
        }
        int[] size = new int[dims + 2];
        size[0] = g.dim(0);
        size[1] = x.dim(0);
        for (int a = 1; a <= dims; a++) {
            size[a + 1] = x.dim(a) + 2 * padding - (g.dim(a) - 1) * stride - outputPadding[dims == 1 ? 1 : a - 1];
            if (size[a + 1] < 1) {
                throw new ShapeException("the gradient " + g + " has more positions than the input " + x + " with padding "
                        + padding + " and stride " + stride + " has windows");
            }
        }
        return new ConvKernelGrad(dims, stride, padding, Shape.of(size));
    }

    @Override
    public Signature signature() {
        return Signature.of(label(), "x", "g").withConstant("stride", 1.0).withConstant("padding", 0.0)
                .withConstant("output_padding", 0.0);
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        Node x = self.arg(0);
        return List.of(graph.apply(new ConvInputGrad(dims, stride, padding, x.shape()), self.arg(1), g),
                graph.apply(new Conv(dims, stride, padding, false), x, g));
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        return WindowMath.kernelGrad(new Conv(dims, stride, padding, false).geometry(shapes.get(0), kernel), kernel.dim(0),
                args.get(0), args.get(1));
    }

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        return Window.withKeywords(args, Window.keywords(stride, padding, 1));
    }

    /** With {@code output_padding} where the input has positions past the last window. */
    @Override
    public List<MathForm> mathArgs(List<MathForm> args, List<Shape> shapes) {
        return Window.withKeywords(args, Window.keywords(stride, padding, 1, Window.outputPadding(dims, shapes.get(0), kernel, stride, padding)));
    }

    /** The correlation of the input with the output's gradient: {@code x \star g}, the geometry as a subscript. */
    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        String keywords = Window.latexKeywords(args, 2);
        String corr = args.get(0).wrap(MathForm.MUL) + " \\star " + args.get(1).wrap(MathForm.MUL + 1);
        return keywords.isEmpty() ? new MathForm(corr, MathForm.MUL) : MathForm.atom("\\left(" + corr + "\\right)_{" + keywords + "}");
    }

    @Override
    public <R> R accept(Window.Visitor<R> visitor) {
        return visitor.convKernelGrad(this);
    }
}
