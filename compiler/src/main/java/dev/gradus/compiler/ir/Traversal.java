package dev.gradus.compiler.ir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Walks over the DAG: every pass that needs nodes in dependency order asks here. */
public final class Traversal {
    private Traversal() {}

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
