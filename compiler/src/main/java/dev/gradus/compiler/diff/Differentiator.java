package dev.gradus.compiler.diff;

import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Traversal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode symbolic differentiation. Walks the DAG of a scalar root from the root down, asks
 * each op for its vector-Jacobian product, and adds up the contributions of every use of a node
 * (fan-out, tied weights). The result is again IR in the same graph, so it can be differentiated again.
 */
public final class Differentiator {
    private Differentiator() {}

    /** The adjoint of every node on a path from {@code root} to one of {@code wrt}: d root / d node. */
    public record Adjoints(Node root, Map<Node, Node> adjoints) {
        /** d root / d node, or a zero of its shape if root does not depend on it. */
        public Node of(Node node, Graph graph) {
            Node a = adjoints.get(node);
            return a != null ? a : graph.constant(0, node.shape());
        }
    }

    public static Adjoints differentiate(Graph graph, Node root, Collection<? extends Node> wrt) {
        return differentiate(graph, root, wrt, Set.of());
    }

    /**
     * The same, treating the nodes of {@code stop} (other than the root) as leaves: the local
     * derivatives of one named value with respect to the named values it uses directly.
     */
    public static Adjoints differentiate(Graph graph, Node root, Collection<? extends Node> wrt, Set<Node> stop) {
        if (!root.shape().isScalar()) {
            throw new IllegalArgumentException("can only differentiate a scalar, found " + root.shape());
        }
        Set<Node> leaves = new HashSet<>(stop);
        leaves.remove(root);
        List<Node> order = Traversal.topologicalOrder(List.of(root), leaves);
        Set<Node> relevant = Traversal.dependsOn(order, new HashSet<>(wrt));
        Map<Node, List<Node>> contributions = new HashMap<>();
        Map<Node, Node> adjoints = new LinkedHashMap<>();
        contributions.computeIfAbsent(root, k -> new ArrayList<>()).add(graph.constant(1));
        for (int k = order.size() - 1; k >= 0; k--) {
            Node node = order.get(k);
            List<Node> parts = contributions.get(node);
            if (parts == null || !relevant.contains(node)) {
                continue;
            }
            Node adjoint = parts.get(0);
            for (int i = 1; i < parts.size(); i++) {
                adjoint = graph.add(adjoint, parts.get(i));
            }
            adjoints.put(node, adjoint);
            if (node instanceof Node.Apply apply) {
                List<Node> shares = apply.op().vjp(apply, adjoint, graph);
                for (int i = 0; i < shares.size(); i++) {
                    Node arg = apply.arg(i);
                    Node share = shares.get(i);
                    if (share != null && relevant.contains(arg)) {
                        contributions.computeIfAbsent(arg, x -> new ArrayList<>()).add(share);
                    }
                }
            }
        }
        return new Adjoints(root, adjoints);
    }
}
