package dev.gradus.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code conv1d(x, K, b, stride, padding)} and {@code conv2d(...)}: {@code F.conv1d}/{@code F.conv2d},
 * a cross-correlation of {@code x [C, L]} (or {@code [C, H, W]}) with a kernel {@code [O, C, k]} (or
 * {@code [O, C, kh, kw]}), zero padding, one stride and padding for both axes, plus a bias {@code [O]}
 * when {@code bias}. Its derivative in {@code x} is the transposed convolution of the output's
 * gradient with the kernel ({@link ConvInputGrad}), in {@code K} the correlation of {@code x} with the
 * output's gradient ({@link ConvKernelGrad}), in {@code b} the gradient summed over each channel's
 * positions.
 */
public record Conv(int dims, int stride, int padding, boolean bias) implements Window {

    @Override
    public String label() {
        return "conv" + dims + "d";
    }

    @Override
    public int arity() {
        return bias ? 3 : 2;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape x = args.get(0);
        Shape k = args.get(1);
        Window.requireInput(label(), "an input", x, dims);
        if (k.rank() != dims + 2) {
            throw new ShapeException(label() + " needs a kernel " + (dims == 1 ? "[O, C, k]" : "[O, C, kh, kw]") + ", found " + k);
        }
        if (k.dim(1) != x.dim(0)) {
            throw new ShapeException("the kernel " + k + " takes " + k.dim(1) + " input channel" + (k.dim(1) == 1 ? "" : "s")
                    + " but the input " + x + " has " + x.dim(0));
        }
        if (bias && !args.get(2).equals(Shape.vector(k.dim(0)))) {
            throw new ShapeException("the bias must have shape [" + k.dim(0) + "] (one per output channel of the kernel " + k
                    + "), found " + args.get(2));
        }
        int[] chw = Window.chw(x, dims);
        int kh = dims == 1 ? 1 : k.dim(2);
        int kw = k.dim(k.rank() - 1);
        int pad = padding;
        if (dims == 2 && chw[1] + 2 * pad < kh || chw[2] + 2 * pad < kw) {
            throw new ShapeException("the kernel " + k + " is larger than the input " + x
                    + (pad > 0 ? " padded by " + pad : ""));
        }
        int ho = dims == 1 ? 1 : (chw[1] + 2 * pad - kh) / stride + 1;
        int wo = (chw[2] + 2 * pad - kw) / stride + 1;
        return Window.shape(dims, k.dim(0), ho, wo);
    }

    WindowMath.Geometry geometry(Shape x, Shape k) {
        return WindowMath.Geometry.of(dims, x, dims == 1 ? 1 : k.dim(2), k.dim(k.rank() - 1), stride, padding);
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        Node x = self.arg(0);
        Node k = self.arg(1);
        List<Node> shares = new ArrayList<>();
        shares.add(graph.apply(new ConvInputGrad(dims, stride, padding, x.shape()), g, k));
        shares.add(graph.apply(new ConvKernelGrad(dims, stride, padding, k.shape()), x, g));
        if (bias) { // each output channel's gradient summed over its positions
            Shape s = g.shape();
            Node rows = s.isMatrix() ? g : graph.apply(new Reshape(Shape.matrix(s.rows(), s.cols())), g);
            shares.add(graph.apply(new Reduce(1), rows));
        }
        return shares;
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        return WindowMath.conv(geometry(shapes.get(0), shapes.get(1)), shapes.get(1).dim(0), args.get(0), args.get(1),
                bias ? args.get(2) : null);
    }

    /** {@code conv2d(x, K, b, stride = 1, padding = 0)}; the bias may be left out. */
    @Override
    public Signature signature() {
        return Signature.of(label(), "x", "K", "b").withOptional("b").withConstant("stride", 1.0).withConstant("padding", 0.0);
    }

    @Override
    public List<MathForm> mathArgs(List<MathForm> args) {
        return Window.withKeywords(args, Window.keywords(stride, padding, 1));
    }

    /** {@code \operatorname{conv2d}(x, K, b, \text{padding}=1)}: the keywords as text. */
    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        String keywords = Window.latexKeywords(args, arity());
        List<MathForm> all = new ArrayList<>(args.subList(0, Math.min(arity(), args.size())));
        if (!keywords.isEmpty()) {
            all.add(MathForm.atom(keywords));
        }
        return MathForm.named(label(), all);
    }

    @Override
    public <R> R accept(Window.Visitor<R> visitor) {
        return visitor.conv(this);
    }
}
