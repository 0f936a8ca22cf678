package dev.gradus.compiler.diff;

import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.Node;
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
        List<Node> order = topologicalOrder(List.of(root), leaves);
        Set<Node> relevant = dependsOn(order, new HashSet<>(wrt));
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

    /** Every node reachable from {@code root}, arguments before users. */
    public static List<Node> topologicalOrder(Node root) {
        return topologicalOrder(List.of(root));
    }

    public static List<Node> topologicalOrder(Collection<? extends Node> roots) {
        return topologicalOrder(roots, Set.of());
    }

    /** Every node reachable from {@code roots} without looking inside the nodes of {@code leaves}. */
    public static List<Node> topologicalOrder(Collection<? extends Node> roots, Set<Node> leaves) {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        // Iterative post-order, so deep graphs do not overflow the stack.
        for (Node root : roots) {
            if (!seen.add(root)) {
                continue;
            }
            List<Node> stack = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            stack.add(root);
            next.add(0);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Node n = stack.get(top);
                int i = next.get(top);
                if (i < n.args().size() && !leaves.contains(n)) {
                    next.set(top, i + 1);
                    Node child = n.args().get(i);
                    if (seen.add(child)) {
                        stack.add(child);
                        next.add(0);
                    }
                } else {
                    order.add(n);
                    stack.remove(top);
                    next.remove(top);
                }
            }
        }
        return order;
    }

    /** The nodes of {@code order} (topologically sorted) that depend on any of {@code leaves}. */
    public static Set<Node> dependsOn(List<Node> order, Set<Node> leaves) {
        Set<Node> result = new HashSet<>(leaves);
        for (Node n : order) {
            for (Node a : n.args()) {
                if (result.contains(a)) {
                    result.add(n);
                    break;
                }
            }
        }
        return result;
    }
}
