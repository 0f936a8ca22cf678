package dev.gradus.compiler.ir;

import java.util.List;

/**
 * The same elements, row-major, in another shape of as many elements ({@code torch.reshape});
 * {@code flatten(x)} is the reshape to a vector. Its derivative is the reshape back, and it lowers
 * to index arithmetic: nothing is copied.
 */
public record Reshape(Shape to) implements Op {

    @Override
    public String label() {
        return "reshape";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        Shape x = args.get(0);
        if (x.size() != to.size()) {
            throw new ShapeException("cannot reshape " + x + " (" + x.size() + " elements) to " + to + " (" + to.size()
                    + " elements)");
        }
        return to;
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return List.of(graph.apply(new Reshape(self.arg(0).shape()), g));
    }

    @Override
    public double[] value(List<double[]> args, List<Shape> shapes, Shape out) {
        return args.get(0).clone();
    }

    @Override
    public Lowering lowering() {
        return Lowering.REINDEX;
    }

    /** {@code flatten(x)} for a reshape to a vector, else {@code reshape(x, [2, 3])}. */
    @Override
    public MathForm plain(List<MathForm> args, boolean tensors, boolean unicode) {
        return to.isVector() ? MathForm.plainCall("flatten", args)
                : MathForm.plainCall("reshape", List.of(args.get(0), MathForm.atom(to.toString())));
    }

    @Override
    public MathForm latex(List<MathForm> args, boolean tensors, int axis) {
        return to.isVector() ? MathForm.named("flatten", args)
                : MathForm.named("reshape", List.of(args.get(0), MathForm.atom(to.toString())));
    }

    /** {@code flatten(x)}: every element, row-major, as a vector. */
    @Override
    public Signature signature() {
        return Signature.of("flatten", "x");
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.reshape(this);
    }
}
