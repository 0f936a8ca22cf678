package dev.gradus.compiler.ir;

import java.util.List;

/** Rewrites an application before the graph interns it (see the simplify pass); null keeps it as it is. */
@FunctionalInterface
public interface Rewriter {
    Rewriter NONE = (op, args, shape, graph) -> null;

    Node rewrite(Op op, List<Node> args, Shape shape, Graph graph);
}
