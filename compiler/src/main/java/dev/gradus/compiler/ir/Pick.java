package dev.gradus.compiler.ir;

import java.util.Arrays;
import java.util.List;

/** {@code z[label]}: the element of a vector at an example's class index. */
public enum Pick implements Op {
    INSTANCE;

    @Override
    public String label() {
        return "pick";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape shape(List<Shape> args) {
        if (!args.get(0).isVector()) {
            throw new ShapeException("picking a class needs a vector, found " + args.get(0));
        }
        return Shape.SCALAR;
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        Node oneHot = graph.apply(new OneHot(self.arg(0).shape().length()), self.arg(1));
        return Arrays.asList(graph.mul(g, oneHot), null);
    }

    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        return MathForm.atom(args.get(0).wrap(MathForm.ATOM) + "_{" + args.get(1).text() + "}");
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        return new double[] {args.get(0)[(int) args.get(1)[0]]};
    }

    /** The logits are read at the class index, known only at run time. */
    @Override
    public boolean readsArgumentsFromBuffers() {
        return true;
    }

    @Override
    public Lowering lowering() {
        return Lowering.GATHER;
    }

    @Override
    public MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return MathForm.atom(args.get(0).plainWrap(MathForm.ATOM) + "[" + args.get(1).text() + "]");
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.pick(this);
    }
}
