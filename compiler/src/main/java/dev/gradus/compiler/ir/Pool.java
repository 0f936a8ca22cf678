package dev.gradus.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * {@code max_pool1d(x, k, stride)}, {@code avg_pool1d}, {@code max_pool2d}, {@code avg_pool2d}: the
 * maximum or mean of each window of {@code k} (or {@code k x k}) elements of each channel of
 * {@code x [C, L]} (or {@code [C, H, W]}), moved by {@code stride}, no padding, the last partial
 * window dropped ({@code F.max_pool1d}...). A max's gradient goes to its window's first maximum, an
 * average's evenly to its window ({@link PoolGrad}). {@link Kind#AT_MAX} is the max's second
 * derivative only: {@code d} read at the maxima of {@code x}'s windows.
 */
public record Pool(Kind kind, int dims, int k, int stride) implements Window {

    public enum Kind {
        MAX, AVG, AT_MAX
    }

    @Override
    public String label() {
        return switch (kind) {
            case MAX -> "max_pool" + dims + "d";
            case AVG -> "avg_pool" + dims + "d";
            case AT_MAX -> "max_pool" + dims + "d_at";
        };
    }

    @Override
    public int arity() {
        return kind == Kind.AT_MAX ? 2 : 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape x = args.get(0);
        Window.requireInput(label(), "an input", x, dims);
        int[] chw = Window.chw(x, dims);
        if (dims == 2 && k > chw[1] || k > chw[2]) {
            String window = dims == 1 ? String.valueOf(k) : k + "x" + k;
            String size = dims == 1 ? "length " + chw[2] : chw[1] + "x" + chw[2];
            throw new ShapeException("a window of " + window + " is larger than the input " + x + " (" + size + ")");
        }
        if (kind == Kind.AT_MAX && !args.get(1).equals(x)) {
            throw new ShapeException(label() + " reads a value of the input's shape " + x + ", found " + args.get(1));
        }
        WindowMath.Geometry g = geometry(x);
        return Window.shape(dims, chw[0], g.ho(), g.wo());
    }

    WindowMath.Geometry geometry(Shape x) {
        return WindowMath.Geometry.of(dims, x, k, k, stride, 0);
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        Node x = self.arg(0);
        return switch (kind) {
            case MAX -> List.of(graph.apply(new PoolGrad(Kind.MAX, dims, k, stride, x.shape()), x, g));
            case AVG -> List.of(graph.apply(new PoolGrad(Kind.AVG, dims, k, stride, x.shape()), g));
            case AT_MAX -> Arrays.asList(null, graph.apply(new PoolGrad(Kind.MAX, dims, k, stride, x.shape()), x, g));
        };
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        WindowMath.Geometry g = geometry(shapes.get(0));
        return switch (kind) {
            case AVG -> WindowMath.avg(g, args.get(0));
            case MAX, AT_MAX -> {
                int[] at = WindowMath.argmax(g, args.get(0));
                double[] from = args.get(args.size() - 1);
                double[] y = new double[at.length];
                for (int i = 0; i < at.length; i++) {
                    y[i] = from[at[i]];
                }
                yield y;
            }
        };
    }

    /**
     * {@code max_pool2d(x, k, stride = k)}: the stride defaults to the window; the max's second
     * derivative {@code max_pool2d_at(x, g, k, stride = k)} reads {@code g} at the maxima of {@code x}'s windows.
     */
    @Override
    public Signature signature() {
        Signature s = kind == Kind.AT_MAX ? Signature.of(label(), "x", "g") : Signature.of(label(), "x");
        return s.withConstant("k", null).withConstantDefaultingTo("stride", "k");
    }

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        List<MathForm> all = new java.util.ArrayList<>(args);
        all.add(MathForm.atom(String.valueOf(k)));
        if (stride != k) {
            all.add(MathForm.atom(String.valueOf(stride)));
        }
        return all;
    }

    @Override
    public <R> R accept(Window.Visitor<R> visitor) {
        return visitor.pool(this);
    }
}
