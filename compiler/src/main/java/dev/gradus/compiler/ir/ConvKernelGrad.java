package dev.gradus.compiler.ir;

import java.util.List;

/**
 * The derivative of a convolution in its kernel: the correlation of the input {@code x} with the
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

    @Override
    public <R> R accept(Window.Visitor<R> visitor) {
        return visitor.convKernelGrad(this);
    }
}
