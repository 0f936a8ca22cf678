package dev.gradus.compiler.ir;

import java.util.List;

/** The adjoint of {@link Index}: a zero value of shape {@code to} holding its argument at {@code [i]} or {@code [i, j]}. */
public record Scatter(Shape to, int i, int j) implements Op {

    @Override
    public String label() {
        return "scatter";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape shape(List<Shape> args) {
        return to;
    }

    @Override
    public List<Node> vjp(Node.Apply self, Node g, Graph graph) {
        return List.of(graph.apply(new Index(i, j), g));
    }

    @Override
    public <R> R accept(OpVisitor<R> visitor) {
        return visitor.scatter(this);
    }
}
