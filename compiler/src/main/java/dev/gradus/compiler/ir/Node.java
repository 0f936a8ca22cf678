package dev.gradus.compiler.ir;

import java.util.List;

/**
 * A node of the tensor expression DAG. Nodes are made only by a {@link Graph}, which hash-conses
 * them: structurally equal nodes are the same object, so identity (the id) is equality.
 */
public sealed interface Node permits Node.Input, Node.Param, Node.Constant, Node.Apply {

    int id();

    Shape shape();

    default List<Node> args() {
        return List.of();
    }

    /** One example's input or target; {@code classes > 0} marks a class index in {@code 0..classes-1}. */
    record Input(int id, String name, Shape shape, int classes, boolean target) implements Node {
        public boolean isClass() {
            return classes > 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Input n && n.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }

    /** A learnable parameter. */
    record Param(int id, String name, Shape shape) implements Node {
        @Override
        public boolean equals(Object o) {
            return o instanceof Param n && n.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }

    /** A tensor of the given shape whose every element is {@code value}. */
    record Constant(int id, double value, Shape shape) implements Node {
        @Override
        public boolean equals(Object o) {
            return o instanceof Constant n && n.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }

    /** An operation applied to argument nodes. */
    record Apply(int id, Op op, List<Node> args, Shape shape) implements Node {
        public Node arg(int i) {
            return args.get(i);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Apply n && n.id == id;
        }

        @Override
        public int hashCode() {
            return id;
        }
    }
}
