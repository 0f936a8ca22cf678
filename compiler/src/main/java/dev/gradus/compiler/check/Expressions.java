package dev.gradus.compiler.check;

import static dev.gradus.compiler.check.ModelScope.number;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.diag.Suggestions;
import dev.gradus.compiler.ir.AlongAxis;
import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.Embedding;
import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.ShapeException;
import dev.gradus.compiler.ir.Signature;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.compiler.parse.Ast.Expr;
import dev.gradus.compiler.parse.AstPrinter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Expressions to typed IR: names, operators, indexing and calls of the builtins, with every shape
 * checked by the op's own rule; an error in a subexpression is reported once and makes the whole
 * expression null, so it causes no cascade.
 */
final class Expressions {
    private final ModelScope scope;
    private final Diagnostics diagnostics;
    private final Graph graph;
    private final Map<String, ModelScope.Symbol> symbols;
    /** The dropout calls made so far: the next one's site (its masks' own stream). */
    private int dropouts;
    private final Composites composites;

    Expressions(ModelScope scope) {
        this.scope = scope;
        this.diagnostics = scope.diagnostics;
        this.graph = scope.graph;
        this.symbols = scope.symbols;
        this.composites = new Composites(scope.graph, scope.diagnostics);
    }

    /** The calls built from other ops: the losses and layer_norm. */
    Composites composites() {
        return composites;
    }

    /** The IR of an expression, or null if it has an error (already reported). */
    Node expr(Expr e) {
        if (e instanceof Ast.Num n) {
            if (!Double.isFinite(n.value())) {
                diagnostics.error(n.pos(), "this number is too large for a double (the largest is about 1.8e308)");
                return null;
            }
            return graph.constant(n.value());
        } else if (e instanceof Ast.Ref r) {
            return reference(r);
        } else if (e instanceof Ast.Neg n) {
            Node x = expr(n.operand());
            return x == null ? null : graph.neg(x);
        } else if (e instanceof Ast.Binary b) {
            Node l = expr(b.left());
            Node r = expr(b.right());
            if (l == null || r == null) {
                return null;
            }
            Op op = switch (b.op()) {
                case ADD -> Binary.ADD;
                case SUB -> Binary.SUB;
                case MUL -> Binary.MUL;
                case DIV -> Binary.DIV;
                case POW -> Binary.POW;
                case MATMUL -> LinAlg.MATMUL;
            };
            return apply(b.opPos(), AstPrinter.print(e), op, l, r);
        } else if (e instanceof Ast.Index i) {
            return index(i);
        } else if (e instanceof Ast.ListExpr l) {
            diagnostics.error(l.pos(), "a list such as " + AstPrinter.print(l) + " is only the shape argument of reshape(x, [d1, d2])");
            return null;
        }
        return call((Ast.Call) e);
    }

    private Node reference(Ast.Ref r) {
        ModelScope.Symbol s = symbols.get(r.name());
        if (s == null) {
            diagnostics.error(r.pos(), scope.declaredAt.containsKey(r.name()) ? scope.usedBeforeDefinition(r.name()) : scope.unknown(r.name()));
            return null;
        }
        if (s.constant() != null) {
            return s.constant().isNaN() ? null : graph.constant(s.constant());
        }
        if (s.kind().equals("class input")) {
            diagnostics.error(r.pos(), "'" + r.name() + "' is a class input (integer indices); it can only be the index of embedding(E, "
                    + r.name() + ")");
            return null;
        }
        if (s.kind().equals("class target")) {
            diagnostics.error(r.pos(), "'" + r.name() + "' is a class index; it can only be the target of cross_entropy(z, "
                    + r.name() + ")");
            return null;
        }
        return s.node();
    }

    private Node apply(Position at, String text, Op op, Node... args) {
        try {
            Node n = graph.apply(op, args);
            if (n instanceof Node.Constant c && !Double.isFinite(c.value())) { // folded: 1 / 0, (-1) ^ 0.5
                diagnostics.error(at, text + " is " + ModelScope.nonFinite(c.value()) + ", not a finite number");
                return null;
            }
            return n;
        } catch (ShapeException ex) {
            String message = ex.getMessage();
            diagnostics.error(at, text + ": " + message);
            return null;
        }
    }

    private Node index(Ast.Index i) {
        Node x = expr(i.target());
        if (x == null) {
            return null;
        }
        if (i.indices().size() > 2) {
            diagnostics.error(i.pos(), "at most 2 indices, found " + i.indices().size());
            return null;
        }
        if (i.indices().size() == 1 && i.indices().get(0) instanceof Ast.Ref r && symbols.get(r.name()) != null
                && symbols.get(r.name()).kind().startsWith("class ")) {
            return pick(i, x, r);
        }
        int[] at = new int[] {-1, -1};
        for (int k = 0; k < i.indices().size(); k++) {
            Expr ix = i.indices().get(k);
            Double v = scope.constant(ix, "an index");
            if (v == null) {
                return null;
            }
            if (v != Math.rint(v) || v < 0) {
                diagnostics.error(ix.pos(), "an index must be a non-negative integer, found " + number(v));
                return null;
            }
            at[k] = v.intValue();
        }
        return apply(i.pos(), AstPrinter.print(i), new Index(at[0], at[1]), x);
    }

    /** {@code z[label]}: a vector's element at an example's class index (as cross_entropy's definition writes it). */
    private Node pick(Ast.Index i, Node z, Ast.Ref r) {
        Node label = symbols.get(r.name()).node();
        if (label == null) {
            return null; // its declaration had an error, already reported
        }
        String text = AstPrinter.print(i);
        if (!(label instanceof Node.Input in) || !in.shape().isScalar()) {
            diagnostics.error(i.pos(), text + ": an index by class is one class index, but '" + r.name() + "' has shape " + label.shape());
            return null;
        }
        if (!z.shape().isVector() || z.shape().length() != in.classes()) {
            diagnostics.error(i.pos(), text + ": '" + r.name() + "' indexes a vector of " + in.classes() + " elements (its classes), found shape "
                    + z.shape());
            return null;
        }
        return apply(i.pos(), text, Pick.INSTANCE, z, label);
    }

    private Node call(Ast.Call c) {
        Builtins.Function function = Builtins.FUNCTIONS.get(c.name());
        if (function == null) {
            ModelScope.Symbol s = symbols.get(c.name());
            String hint = s != null ? "; '" + c.name() + "' is " + s.aKind() + ", not a function" : Suggestions.suggestion(c.name(), Builtins.FUNCTIONS.keySet());
            diagnostics.error(c.pos(), "unknown function '" + c.name() + "'" + hint);
            return null;
        }
        Signature sig = function.signature();
        Map<String, Expr> bound = scope.bind(c.name(), c.pos(), sig.params(), c.args(), sig.omissible());
        if (bound == null) {
            return null;
        }
        Map<String, Double> consts = new HashMap<>();
        Map<String, Node> nodes = new HashMap<>();
        Map<String, Shape> shapes = new HashMap<>();
        Map<String, double[]> pairs = new HashMap<>();
        boolean ok = true;
        for (String n : sig.params()) {
            Expr arg = bound.get(n);
            if (sig.constants().contains(n) && n.equals("output_padding") && arg instanceof Ast.ListExpr l) {
                // one per axis of a 2-d window, as PyTorch's output_padding=(1, 0)
                Double first = l.elements().isEmpty() ? null : scope.constant(l.elements().get(0), c.name() + "'s " + n);
                Double second = l.elements().size() < 2 ? null : scope.constant(l.elements().get(1), c.name() + "'s " + n);
                if (l.elements().size() != 2) {
                    diagnostics.error(arg.pos(), c.name() + "'s " + n + " is a number or a list of two, found " + AstPrinter.print(arg));
                }
                ok &= first != null && second != null && l.elements().size() == 2;
                consts.put(n, first);
                pairs.put(n, new double[] {first == null ? 0 : first, second == null ? 0 : second});
            } else if (sig.constants().contains(n)) {
                Double v = arg != null ? scope.constant(arg, c.name() + "'s " + n)
                        : sig.defaultsTo().containsKey(n) ? consts.get(sig.defaultsTo().get(n)) : sig.defaults().get(n);
                ok &= v != null;
                consts.put(n, v);
            } else if (arg == null && sig.optional().contains(n)) {
                continue; // a tensor left out: conv2d without a bias
            } else if (n.equals("shape")) { // reshape's new shape: a list of positive constants
                Shape to = arg instanceof Ast.ListExpr l ? scope.shape(l.elements()) : null;
                if (!(arg instanceof Ast.ListExpr)) {
                    diagnostics.error(arg.pos(), c.name() + "'s shape must be a list such as [2, 3], found " + AstPrinter.print(arg));
                }
                ok &= to != null;
                shapes.put(n, to);
            } else if (arg instanceof Ast.Ref r && symbols.get(r.name()) != null
                    && (n.equals("target") && symbols.get(r.name()).kind().equals("class target")
                        || n.equals("i") && symbols.get(r.name()).kind().startsWith("class "))) {
                Node label = symbols.get(r.name()).node(); // null when its declaration had an error, already reported
                ok &= label != null;
                nodes.put(n, label);
            } else {
                Node x = expr(arg);
                ok &= x != null;
                nodes.put(n, x);
            }
        }
        if (!ok) {
            return null;
        }
        String text = AstPrinter.print(c);
        Builtins.Call call = new Builtins.Call() {
            public Node node(String param) {
                return java.util.Objects.requireNonNull(nodes.get(param), () -> c.name() + " has no tensor parameter " + param);
            }

            public double constant(String param) {
                return java.util.Objects.requireNonNull(consts.get(param), () -> c.name() + " has no constant parameter " + param);
            }

            public double[] pair(String param) {
                return pairs.get(param);
            }

            public Shape shape(String param) {
                return java.util.Objects.requireNonNull(shapes.get(param), () -> c.name() + " has no shape parameter " + param);
            }

            public Node apply(Op op, List<Node> args) {
                return Expressions.this.apply(c.pos(), text, op, args.toArray(new Node[0]));
            }

            public Position at() {
                return c.pos();
            }

            public boolean has(String param) {
                return nodes.containsKey(param);
            }

            public boolean written(String param) {
                return bound.get(param) != null;
            }

            public Node error(String message) {
                diagnostics.error(c.pos(), text + ": " + message);
                return null;
            }

            public String toString() {
                return text;
            }
        };
        return function.make().make(call, this);
    }

    /** The site of the next dropout call: the calls are numbered in the order they are checked. */
    int dropoutSite() {
        return dropouts++;
    }

    /** {@code sum(x, axis)} or {@code mean(x, axis)}: every element ({@code axis = -1}) or along an axis. */
    Node reduce(Builtins.Call call, boolean mean) {
        Node x = call.node("x");
        double axis = call.constant("axis");
        String text = call.toString();
        if (negativeAxis(call, x, axis)) {
            return null;
        }
        if (axis == -1) {
            Node s = call.apply(Reduce.ALL, List.of(x));
            return s == null || !mean ? s : graph.div(s, graph.constant(x.shape().size()));
        }
        if (axis != Math.rint(axis) || axis < 0 || axis >= Math.max(x.shape().rank(), 1)) {
            int rank = Math.max(x.shape().rank(), 1);
            diagnostics.error(call.at(), text + ": axis must be " + (rank == 1 ? "0" : rank == 2 ? "0 or 1" : "0 to " + (rank - 1))
                    + " for shape " + x.shape() + ", found " + number(axis));
            return null;
        }
        Node s = call.apply(new Reduce((int) axis), List.of(x));
        if (s == null || !mean) {
            return s;
        }
        int n = x.shape().isScalar() ? 1 : x.shape().dim((int) axis);
        return graph.div(s, graph.constant(n));
    }

    /**
     * A written negative axis: PyTorch counts {@code dim = -1} from the end, this language counts
     * axes from 0 and reduces every element when the axis is left out, so a PyTorch habit would
     * silently mean something else. An error that names the axis meant.
     */
    private boolean negativeAxis(Builtins.Call call, Node x, double axis) {
        if (!call.written("axis") || axis >= 0) {
            return false;
        }
        int rank = Math.max(x.shape().rank(), 1);
        diagnostics.error(call.at(), call + ": axes count from 0 here, not from the end as PyTorch's dim = " + number(axis)
                + " does: the last axis of " + x.shape() + " is axis = " + (rank - 1) + "; leave axis out for every element");
        return true;
    }

    /** softmax, log_softmax or logsumexp over a vector ({@code axis} left out, or 0), or along an axis of a matrix. */
    Node alongAxis(Builtins.Call call, VectorOp fn) {
        Node x = call.node("x");
        double axis = call.constant("axis");
        if (negativeAxis(call, x, axis)) {
            return null;
        }
        if (axis == -1 && x.shape().isMatrix()) {
            diagnostics.error(call.at(), call + ": " + fn.label() + " of a matrix " + x.shape()
                    + " needs an axis: axis = 1 for each row, axis = 0 for each column");
            return null;
        }
        if (axis == -1 || axis == 0 && x.shape().isVector()) {
            return call.apply(fn, List.of(x));
        }
        if (!x.shape().isMatrix() || axis != 0 && axis != 1) {
            diagnostics.error(call.at(), call + ": axis must be " + (x.shape().isMatrix() ? "0 or 1" : "0") + " for shape "
                    + x.shape() + ", found " + number(axis));
            return null;
        }
        return call.apply(new AlongAxis(fn, (int) axis), List.of(x));
    }

    /** {@code embedding(E, i)}: the rows of {@code E [V, D]} at a class input's indices. */
    Node embedding(Builtins.Call call) {
        Node e = call.node("E");
        Node i = call.node("i");
        if (!(i instanceof Node.Input in && in.isClass())) {
            diagnostics.error(call.at(), call + ": the index must be a class input (input i : class(V)), found a value of shape "
                    + i.shape());
            return null;
        }
        if (e.shape().isMatrix() && e.shape().rows() != in.classes()) {
            diagnostics.error(call.at(), call + ": E has " + e.shape().rows() + " rows but '" + in.name() + "' has " + in.classes()
                    + " classes");
            return null;
        }
        return call.apply(Embedding.INSTANCE, List.of(e, i));
    }
}
