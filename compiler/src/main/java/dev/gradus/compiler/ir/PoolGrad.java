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

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        return forward().mathArgs(args);
    }

    @Override
    public <R> R accept(Window.Visitor<R> visitor) {
        return visitor.poolGrad(this);
    }
}
