package dev.gradus.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * The derivative of a pooling in its input, of the input's shape {@code input}: for a max
 * ({@code max_pool2d_grad(x, g)}), each output's gradient {@code g} sent to its window's first
 * maximum in {@code x} (PyTorch's rule for ties); for an average ({@code avg_pool2d_grad(g)}),
 * spread evenly over its window. Its derivative in {@code g} reads back what it sent: the average
 * pooling again, or {@code g} at the maxima ({@link Pool.Kind#AT_MAX}); none flows to {@code x}.
 */
public record PoolGrad(Pool.Kind kind, int dims, int k, int stride, Shape input) implements Window {

    public PoolGrad {
        if (kind == Pool.Kind.AT_MAX) {
            throw new IllegalArgumentException("the gradient of a max or an average pooling");
        }
    }

    private Pool forward() {
        return new Pool(kind, dims, k, stride);
    }

    @Override
    public String label() {
        return forward().label() + "_grad";
    }

    @Override
    public int arity() {
        return kind == Pool.Kind.MAX ? 2 : 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape expected = forward().shape(List.of(input));
        Shape g = args.get(args.size() - 1);
        if (kind == Pool.Kind.MAX && !args.get(0).equals(input) || !g.equals(expected)) {
            throw new ShapeException(label() + " needs a gradient of shape " + expected + " for an input " + input + ", found " + g);
        }
        return input;
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        if (kind == Pool.Kind.AVG) {
            return List.of(graph.apply(forward(), g));
        }
        return Arrays.asList(null, graph.apply(new Pool(Pool.Kind.AT_MAX, dims, k, stride), self.arg(0), g));
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        WindowMath.Geometry geometry = forward().geometry(input);
        double[] g = args.get(args.size() - 1);
        if (kind == Pool.Kind.AVG) {
            return WindowMath.avgGrad(geometry, g);
        }
        int[] at = WindowMath.argmax(geometry, args.get(0));
        double[] dx = new double[input.size()];
        for (int i = 0; i < at.length; i++) {
            dx[at[i]] += g[i];
        }
        return dx;
    }

    /**
     * The op a call makes: {@code max_pool2d_grad(x, g, k, stride = k)} (the input {@code x} gives the
     * shape), or {@code avg_pool2d_grad(g, k, stride = k, output_padding = 0)}, whose input is
     * {@code [C, (H' - 1) * stride + k + output_padding, ...]} for {@code g [C, H', W']}.
     */
    public static PoolGrad of(Pool.Kind kind, int dims, int k, int stride, int[] outputPadding, List<Shape> args) {
        String fn = new Pool(kind, dims, k, stride).label() + "_grad";
        if (kind == Pool.Kind.MAX) {
            return new PoolGrad(kind, dims, k, stride, args.get(0));
        }
        Shape g = args.get(0);
        Window.requireInput(fn, "a gradient", g, dims);
        for (int r : outputPadding) {
            if (r >= stride) {
                throw new ShapeException("output_padding must be smaller than the stride " + stride + ", found " + r);
            }
        }
        int[] size = new int[dims + 1];
        size[0] = g.dim(0);
        for (int a = 1; a <= dims; a++) {
            size[a] = (g.dim(a) - 1) * stride + k + outputPadding[dims == 1 ? 1 : a - 1];
        }
        return new PoolGrad(kind, dims, k, stride, Shape.of(size));
    }

    @Override
    public Signature signature() {
        Signature s = kind == Pool.Kind.MAX ? Signature.of(label(), "x", "g") : Signature.of(label(), "g");
        s = s.withConstant("k", null).withConstantDefaultingTo("stride", "k");
        return kind == Pool.Kind.MAX ? s : s.withConstant("output_padding", 0.0);
    }

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        return forward().mathArgs(args);
    }

    /** An average's with {@code output_padding} where the input has positions past the last window. */
    @Override
    public List<MathForm> mathArgs(List<MathForm> args, List<Shape> shapes) {
        List<MathForm> all = forward().mathArgs(args);
        String r = kind == Pool.Kind.AVG ? Window.outputPadding(dims, input, Shape.of(1, 1, k, k), stride, 0) : "";
        if (!r.isEmpty()) {
            all = new java.util.ArrayList<>(all);
            all.add(MathForm.atom("output_padding = " + r));
        }
        return all;
    }

    @Override
    public <R> R accept(Window.Visitor<R> visitor) {
        return visitor.poolGrad(this);
    }
}
