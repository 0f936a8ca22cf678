package dev.gradus.compiler.print;

import dev.gradus.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The long subexpressions that a printed backward pass would repeat: a derivative such as
 * {@code layer_norm}'s writes the centred input and the standard deviation many times over in
 * each line. Each subexpression that would be printed at least twice and is at least
 * {@link #MIN_LENGTH} characters long is given a name ({@code t1}, {@code t2}, ... unless the
 * model uses those), largest first, so {@code grad} prints it once. The IR is hash-consed, so equal
 * subexpressions are the same node and counting them is counting nodes.
 */
final class SharedTerms {
    /** Shorter repeats stay inline: {@code dloss/dh * step(W1 @ x + b1)} reads better than a name. */
    static final int MIN_LENGTH = 40;

    private SharedTerms() {}

    /**
     * Names for the shared subexpressions of {@code roots} (each printed once as a line), given the
     * nodes that already print as names; in the order they were chosen (largest first).
     */
    static Map<Node, String> of(List<Node> roots, Map<Node, String> names, Set<String> taken) {
        Map<Node, String> chosen = new LinkedHashMap<>();
        Map<Node, String> all = new HashMap<>(names);
        int next = 1;
        while (true) {
            Map<Node, Integer> occurrences = occurrences(roots, chosen.keySet(), all);
            MathPrinter printer = new MathPrinter(MathPrinter.Format.TEXT, all);
            Node best = null;
            int bestLength = MIN_LENGTH - 1;
            for (Map.Entry<Node, Integer> e : occurrences.entrySet()) {
                Node n = e.getKey();
                if (e.getValue() < 2 || !(n instanceof Node.Apply) || all.containsKey(n) || MathPrinter.literal(n)) {
                    continue;
                }
                int length = printer.print(n).length();
                if (length > bestLength) {
                    best = n;
                    bestLength = length;
                }
            }
            if (best == null) {
                return chosen;
            }
            String name;
            do {
                name = "t" + next++;
            } while (taken.contains(name));
            chosen.put(best, name);
            all.put(best, name);
        }
    }

    /**
     * How many times each node would be printed: once for each path to it from a root or from a
     * chosen term's definition that passes through no named node.
     */
    private static Map<Node, Integer> occurrences(List<Node> roots, Set<Node> chosen, Map<Node, String> names) {
        List<Node> starts = new ArrayList<>(roots);
        starts.addAll(chosen);
        Set<Node> definitions = new HashSet<>(starts);
        List<Node> order = new ArrayList<>(); // post-order: every node after the nodes it reaches
        Set<Node> seen = new HashSet<>();
        for (Node s : starts) {
            postOrder(s, definitions, names, seen, order);
        }
        Map<Node, Integer> count = new HashMap<>();
        for (Node s : starts) {
            count.merge(s, 1, Integer::sum);
        }
        for (int k = order.size() - 1; k >= 0; k--) { // parents before children
            Node n = order.get(k);
            boolean expanded = definitions.contains(n) || !names.containsKey(n);
            if (!expanded || !(n instanceof Node.Apply a)) {
                continue;
            }
            int times = definitions.contains(n) ? 1 : count.getOrDefault(n, 0);
            for (Node arg : a.args()) {
                count.merge(arg, times, Integer::sum);
            }
        }
        return count;
    }

    private static void postOrder(Node n, Set<Node> definitions, Map<Node, String> names, Set<Node> seen, List<Node> order) {
        if (!seen.add(n)) {
            return;
        }
        if ((definitions.contains(n) || !names.containsKey(n)) && n instanceof Node.Apply a) {
            for (Node arg : a.args()) {
                postOrder(arg, definitions, names, seen, order);
            }
        }
        order.add(n);
    }
}
