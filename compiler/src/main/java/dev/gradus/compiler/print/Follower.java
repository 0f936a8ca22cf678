package dev.gradus.compiler.print;

import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Reshape;
import dev.gradus.compiler.ir.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code explain --follow W1[3,1]}: one parameter element's way to the loss, element by element.
 * {@code dloss/dW1[3, 1] = dloss/dh[3] * ∂h[3]/∂W1[3, 1]}, then {@code dloss/dh[3]} the same way,
 * up to the loss, each line with its numbers; only elements with a non-zero local derivative appear.
 */
final class Follower {
    private static final Pattern ELEMENT = Pattern.compile("\\s*([\\p{L}_][\\p{L}\\p{Nd}_]*)\\s*(?:\\[\\s*(\\d+(?:\\s*,\\s*\\d+)*)\\s*\\])?\\s*");
    private static final int MAX_TERMS = 8;
    private static final int MAX_LINES = 24;

    /** A parameter and the flat index of one of its elements. */
    record Target(Node.Param param, int index) {}

    /** An element of a named value or parameter: {@code h[3]}, {@code W1[3, 1]}, or a scalar {@code s}. */
    private record Element(Node node, int index) {}

    private final Walkthrough w;
    private final TensorText text;

    Follower(Walkthrough w, TensorText text) {
        this.w = w;
        this.text = text;
    }

    /** Parses {@code W1[3,1]}, {@code b1[2]} or {@code w}; the parameter and indices must exist. */
    static Target parse(CheckedModel model, String spec) {
        Matcher m = ELEMENT.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("--follow expects a parameter element such as W1[3,1], found '" + spec + "'");
        }
        CheckedModel.Parameter p = model.params().stream().filter(x -> x.name().equals(m.group(1))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--follow: '" + m.group(1) + "' is not a parameter of model "
                        + model.name() + " (its parameters: " + String.join(", ", model.params().stream().map(CheckedModel.Parameter::name).toList()) + ")"));
        Shape s = p.node().shape();
        String[] indices = m.group(2) == null ? new String[0] : m.group(2).split("\\s*,\\s*");
        int given = indices.length;
        if (given != s.rank()) {
            throw new IllegalArgumentException("--follow: " + p.name() + " has shape " + s + "; give " + s.rank() + " ind"
                    + (s.rank() == 1 ? "ex" : "ices") + (s.rank() == 0 ? " (just the name)" : ""));
        }
        int flat = 0;
        for (int k = 0; k < given; k++) { // row-major
            long i = Long.parseLong(indices[k].length() > 9 ? "1000000000" : indices[k]);
            if (i >= s.dim(k)) {
                throw new IllegalArgumentException("--follow: " + spec.strip() + " is out of range for " + p.name() + " of shape " + s);
            }
            flat = flat * s.dim(k) + (int) i;
        }
        return new Target(p.node(), flat);
    }

    String follow(Target t) {
        Element start = new Element(t.param(), t.index());
        StringBuilder out = new StringBuilder("Following ").append(name(start)).append(" = ")
                .append(Tensor.format(w.value(t.param()).data()[t.index()])).append(" to the loss\n");
        Deque<Element> pending = new ArrayDeque<>(List.of(start));
        Set<Element> done = new HashSet<>();
        int lines = 0;
        while (!pending.isEmpty()) {
            Element e = pending.removeFirst();
            if (!done.add(e)) {
                continue;
            }
            if (++lines > MAX_LINES) {
                out.append("  ... (").append(pending.size() + 1).append(" more elements; the pattern repeats)\n");
                break;
            }
            List<String> products = new ArrayList<>();
            List<String> numbers = new ArrayList<>();
            int hidden = 0;
            List<String> zero = new ArrayList<>();
            for (Node user : w.named.values()) {
                if (user == e.node() || !(user instanceof Node.Apply) || !w.uses(user).contains(e.node())) {
                    continue;
                }
                boolean any = false;
                for (int i = 0; i < user.shape().size(); i++) {
                    Node root = user.shape().isScalar() ? user : element(user, i);
                    double d = w.value(w.local(root, user, e.node())).data()[e.index()];
                    if (d == 0) {
                        continue;
                    }
                    any = true;
                    Element up = new Element(user, i);
                    if (products.size() >= MAX_TERMS) {
                        hidden++;
                        continue;
                    }
                    String partial = "∂" + name(up) + "/∂" + name(e);
                    if (user == w.model.loss()) {
                        products.add(partial);
                        numbers.add(Tensor.format(d));
                    } else {
                        products.add("dloss/d" + name(up) + " * " + partial);
                        numbers.add(text.operand(Tensor.scalar(w.total(user).data()[i])) + " * " + text.operand(Tensor.scalar(d)));
                        pending.addLast(up);
                    }
                }
                if (!any) {
                    zero.add("∂" + w.names.get(user) + "/∂" + name(e));
                }
            }
            double total = w.total(e.node()).data()[e.index()];
            for (String z : zero) {
                out.append("  (").append(z).append(" = 0 at this example: no change flows that way)\n");
            }
            out.append("  dloss/d").append(name(e)).append(" = ");
            if (products.isEmpty()) {
                // a path whose local derivative is 0 here (x = 0 in w * x) is still a path: say which it is
                out.append(zero.isEmpty() ? "0 (no path to the loss)\n" : "0 (its paths to the loss carry no change at this example)\n");
                continue;
            }
            String more = hidden > 0 ? " + ... (" + hidden + " more terms)" : "";
            String nums = String.join(" + ", numbers) + more;
            out.append(String.join(" + ", products)).append(more);
            if (!nums.equals(Tensor.format(total))) {
                out.append(" = ").append(nums);
            }
            out.append(" = ").append(Tensor.format(total)).append('\n');
        }
        return out.toString();
    }

    /** Element k of a value, as a node: {@code h[k]}, {@code A[i, j]}, or of a rank-3/4 value flattened. */
    private Node element(Node user, int k) {
        Shape s = user.shape();
        if (s.rank() > 2) {
            return w.model.graph().apply(new Index(k, -1), w.model.graph().apply(new Reshape(Shape.vector(s.size())), user));
        }
        return w.model.graph().apply(s.isVector() ? new Index(k, -1) : new Index(k / s.cols(), k % s.cols()), user);
    }

    private String name(Element e) {
        return elementName(w.names.get(e.node()), e.node().shape(), e.index());
    }

    /** {@code W1[3, 1]}, {@code b1[2]}, or the bare name of a scalar. */
    static String elementName(String base, Shape s, int index) {
        if (s.isScalar()) {
            return base;
        }
        StringBuilder at = new StringBuilder();
        int rest = index;
        for (int d = s.rank() - 1; d >= 0; d--) { // row-major, any rank
            at.insert(0, (d > 0 ? ", " : "") + rest % s.dim(d));
            rest /= s.dim(d);
        }
        return base + "[" + at + "]";
    }
}
