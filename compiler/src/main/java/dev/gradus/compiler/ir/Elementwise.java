package dev.gradus.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * An op applied element by element, with NumPy broadcasting between its arguments. Its derivative
 * rule is its local partial derivatives; the chain rule and un-broadcasting are done here, once.
 */
public sealed interface Elementwise extends Op permits Unary, Binary, Parametric {

    /** Evaluates the op on one element of each argument. */
    double apply(double... x);

    /** {@code d self / d args[i]}, element by element, or null where it is zero. */
    Node partial(int i, Node.Apply self, Graph graph);

    @Override
    default <R> R accept(OpVisitor<R> visitor) {
        return visitor.elementwise(this);
    }

    /** The runtime function generated code calls ({@code dev.gradus.runtime.Fn}), or null for an operator. */
    String runtimeFunction();

    /** The infix symbol for arithmetic ops, or null for a function call. */
    default String symbol() {
        return null;
    }

    /** Compile-time constants appended to the call ({@code leaky_relu(x, 0.01)}). */
    default List<Double> constants() {
        return List.of();
    }

    @Override
    default Shape shape(List<Shape> args) {
        Shape result = args.get(0);
        for (int i = 1; i < args.size(); i++) {
            result = broadcast(result, args.get(i));
        }
        return result;
    }

    @Override
    default List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        List<Node> shares = new ArrayList<>();
        for (int i = 0; i < self.args().size(); i++) {
            Node partial = partial(i, self, graph);
            shares.add(partial == null ? null
                    : graph.unbroadcast(graph.mul(g, partial), self.arg(i).shape()));
        }
        return shares;
    }

    @Override
    default double[] value(List<double[]> x, List<Shape> shapes, Shape out) {
        double[] r = new double[out.size()];
        double[] a = new double[x.size()];
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < out.cols(); j++) {
                for (int k = 0; k < a.length; k++) {
                    a[k] = x.get(k)[broadcastOffset(shapes.get(k), out, i, j)];
                }
                r[i * out.cols() + j] = apply(a);
            }
        }
        return r;
    }

    @Override
    default Lowering lowering() {
        return Lowering.ELEMENT;
    }

    @Override
    default List<MathForm> mathArgs(List<MathForm> args) {
        List<MathForm> all = new ArrayList<>(args);
        for (double c : constants()) {
            all.add(MathForm.atom(Shape.number(c)));
        }
        return all;
    }

    /** The offset of element (i, j) of {@code out} in an argument of shape {@code s} broadcast to it. */
    static int broadcastOffset(Shape s, Shape out, int i, int j) {
        if (s.isScalar()) {
            return 0;
        }
        if (s.isVector() && out.isMatrix()) {
            return j;
        }
        return i * s.cols() + j;
    }

    /** NumPy's rule restricted to rank 2: equal shapes, a scalar with anything, or [m, n] with [n]. */
    static Shape broadcast(Shape a, Shape b) {
        if (a.equals(b) || b.isScalar()) {
            return a;
        }
        if (a.isScalar()) {
            return b;
        }
        if (a.isMatrix() && b.isVector() && a.cols() == b.length()) {
            return a;
        }
        if (b.isMatrix() && a.isVector() && b.cols() == a.length()) {
            return b;
        }
        throw new ShapeException("shapes " + a + " and " + b + " do not broadcast");
    }
}
