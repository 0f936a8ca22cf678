package dev.gradus.compiler.ir;

import java.util.List;

/**
 * The derivative of a convolution in its input: the transposed convolution of the output's gradient
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

    @Override
    public <R> R accept(Window.Visitor<R> visitor) {
        return visitor.convInputGrad(this);
    }
}
