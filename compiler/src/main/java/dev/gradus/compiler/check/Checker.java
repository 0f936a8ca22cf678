package dev.gradus.compiler.check;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Init;
import dev.gradus.compiler.ir.OptimizerConfig;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.Parametric;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.ShapeException;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.parse.Ast;
import dev.gradus.compiler.parse.Ast.Expr;
import dev.gradus.compiler.parse.AstPrinter;
import dev.gradus.compiler.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The second pass: resolves names, checks every operation's shapes and every setting, and builds
 * the typed IR of each model. Reports every error it finds; a failed subexpression does not
 * cause a cascade of further errors.
 */
public final class Checker {

    /** Built-in functions: parameter names, with defaults for the optional ones (NaN: required). */
    private static final Map<String, List<String>> FUNCTIONS = new LinkedHashMap<>();
    private static final Map<String, Double> DEFAULTS = new HashMap<>();

    static {
        for (Unary u : List.of(Unary.EXP, Unary.LOG, Unary.SQRT, Unary.ABS, Unary.SIN, Unary.COS, Unary.TANH,
                Unary.SIGMOID, Unary.RELU, Unary.SOFTPLUS, Unary.SQUARE)) {
            FUNCTIONS.put(u.fn(), List.of("x"));
        }
        FUNCTIONS.put("leaky_relu", List.of("x", "slope"));
        DEFAULTS.put("leaky_relu.slope", 0.01);
        FUNCTIONS.put("elu", List.of("x", "alpha"));
        DEFAULTS.put("elu.alpha", 1.0);
        for (String f : List.of("max", "min", "pow", "dot", "outer")) {
            FUNCTIONS.put(f, List.of("a", "b"));
        }
        FUNCTIONS.put("transpose", List.of("A"));
        FUNCTIONS.put("sum", List.of("x", "axis"));
        DEFAULTS.put("sum.axis", -1.0);
        FUNCTIONS.put("mean", List.of("x", "axis"));
        DEFAULTS.put("mean.axis", -1.0);
        for (String f : List.of("softmax", "log_softmax", "logsumexp")) {
            FUNCTIONS.put(f, List.of("x"));
        }
        for (String f : List.of("mse", "l1", "bce")) {
            FUNCTIONS.put(f, List.of("p", "y"));
        }
        FUNCTIONS.put("huber", List.of("p", "y", "delta"));
        DEFAULTS.put("huber.delta", 1.0);
        FUNCTIONS.put("bce_logits", List.of("z", "y"));
        FUNCTIONS.put("cross_entropy", List.of("z", "target"));
    }

    /** Parameters of built-in functions that must be compile-time constants. */
    private static final List<String> CONSTANT_PARAMS = List.of("slope", "alpha", "axis", "delta");

    private static final List<String> INITIALIZERS = List.of("zeros", "ones", "constant", "uniform", "normal",
            "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal");

    private static final List<String> SETTINGS = settingNames();

    // ---- BEGIN TrainSettings hook (schedule, clipping, early stopping, validation: see TrainSettings)
    private static List<String> settingNames() {
        List<String> names = new ArrayList<>(List.of("data", "optimizer", "batch", "epochs", "shuffle", "seed"));
        names.addAll(TrainSettings.NAMES);
        return List.copyOf(names);
    }
    // ---- END TrainSettings hook

    private final Diagnostics diagnostics;

    public Checker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** Checks every model of a file; returns those without errors (all errors are in the diagnostics). */
    public List<CheckedModel> check(Ast.SourceFile file) {
        List<CheckedModel> models = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        for (Ast.Model m : file.models()) {
            Position first = seen.putIfAbsent(m.name(), m.pos());
            if (first != null) {
                diagnostics.error(m.pos(), "model '" + m.name() + "' is already defined at line " + first.line());
            }
            int before = diagnostics.errors().size();
            CheckedModel checked = new ModelChecker(file, m).check();
            if (diagnostics.errors().size() == before && checked != null) {
                models.add(checked);
            }
        }
        if (file.models().isEmpty()) {
            diagnostics.error(new Position(1, 1), "no model in this file; expected 'model NAME { ... }'");
        }
        return models;
    }

    /** What a name stands for in a model. */
    private record Symbol(String kind, Position pos, Node node, Double constant) {}

    private final class ModelChecker {
        private final Ast.SourceFile file;
        private final Ast.Model model;
        private final Graph graph = new Graph(new Simplifier());
        private final Map<String, Symbol> symbols = new LinkedHashMap<>();
        private final Map<String, Position> declaredAt = new HashMap<>();
        private final List<Node.Input> fields = new ArrayList<>();
        private final List<CheckedModel.Parameter> params = new ArrayList<>();
        private final Map<String, Node> values = new LinkedHashMap<>();
        private Node loss;
        private Position lossAt;
        private Ast.OutputDecl output;
        private TrainConfig train = TrainConfig.defaults();
        private Position trainAt;

        ModelChecker(Ast.SourceFile file, Ast.Model model) {
            this.file = file;
            this.model = model;
        }

        CheckedModel check() {
            for (Ast.Decl d : model.decls()) {
                String name = declaredName(d);
                if (name != null) {
                    declaredAt.putIfAbsent(name, d.pos());
                }
            }
            for (Ast.Decl d : model.decls()) {
                declare(d);
            }
            if (loss == null && lossAt == null) {
                diagnostics.error(model.pos(), "model '" + model.name() + "' has no loss; add 'loss = ...'");
                return null;
            }
            Node out = null;
            if (output != null) {
                Symbol s = symbols.get(output.name());
                if (s == null) {
                    diagnostics.error(output.pos(), unknown(output.name()));
                } else if (s.node() == null) {
                    diagnostics.error(output.pos(), "output must name a value, but '" + output.name() + "' is a " + s.kind());
                } else {
                    out = s.node();
                }
            }
            if (loss == null) {
                return null;
            }
            return new CheckedModel(file.source(), model.pos(), model.name(), graph, fields, params, values, loss,
                    output == null ? null : output.name(), out, train);
        }

        private String declaredName(Ast.Decl d) {
            if (d instanceof Ast.ConstDecl c) {
                return c.name();
            } else if (d instanceof Ast.InputDecl i) {
                return i.name();
            } else if (d instanceof Ast.TargetDecl t) {
                return t.name();
            } else if (d instanceof Ast.ParamDecl p) {
                return p.name();
            } else if (d instanceof Ast.AssignDecl a) {
                return a.name();
            }
            return null;
        }

        private void declare(Ast.Decl d) {
            if (d instanceof Ast.ConstDecl c) {
                Double v = constant(c.value(), "a const");
                define(c.name(), c.pos(), new Symbol("const", c.pos(), null, v == null ? Double.NaN : v));
            } else if (d instanceof Ast.InputDecl i) {
                Shape shape = shape(i.dims());
                Node.Input node = shape == null ? null : graph.input(i.name(), shape, 0, false);
                if (define(i.name(), i.pos(), new Symbol("input", i.pos(), node, null)) && node != null) {
                    fields.add(node);
                }
            } else if (d instanceof Ast.TargetDecl t) {
                declareTarget(t);
            } else if (d instanceof Ast.ParamDecl p) {
                declareParam(p);
            } else if (d instanceof Ast.AssignDecl a) {
                Node node = expr(a.value());
                if (define(a.name(), a.pos(), new Symbol("value", a.pos(), node, null)) && node != null) {
                    values.put(a.name(), node);
                }
            } else if (d instanceof Ast.OutputDecl o) {
                if (output != null) {
                    diagnostics.error(o.pos(), "output is already declared at line " + output.pos().line());
                } else {
                    output = o;
                }
            } else if (d instanceof Ast.LossDecl l) {
                if (lossAt != null) {
                    diagnostics.error(l.pos(), "loss is already defined at line " + lossAt.line());
                    return;
                }
                lossAt = l.pos();
                Node node = expr(l.value());
                if (node != null && !node.shape().isScalar()) {
                    diagnostics.error(l.value().pos(), "loss must be a scalar (the loss of one example), found shape "
                            + node.shape() + "; reduce it with sum(...) or mean(...)");
                } else {
                    loss = node;
                }
            } else if (d instanceof Ast.TrainDecl t) {
                if (trainAt != null) {
                    diagnostics.error(t.pos(), "train is already given at line " + trainAt.line());
                    return;
                }
                trainAt = t.pos();
                train = settings(t);
            }
        }

        private void declareTarget(Ast.TargetDecl t) {
            Node.Input node = null;
            if (t.classes() != null) {
                Integer n = positiveInt(t.classes(), "the number of classes");
                if (n != null && n < 2) {
                    diagnostics.error(t.classes().pos(), "a class target needs at least 2 classes, found " + n);
                } else if (n != null) {
                    node = graph.input(t.name(), Shape.SCALAR, n, true);
                }
            } else {
                Shape shape = shape(t.dims());
                node = shape == null ? null : graph.input(t.name(), shape, 0, true);
            }
            if (define(t.name(), t.pos(), new Symbol(t.classes() != null ? "class target" : "target", t.pos(), node, null))
                    && node != null) {
                fields.add(node);
            }
        }

        private void declareParam(Ast.ParamDecl p) {
            Shape shape;
            Init init;
            if (p.literal() != null) {
                List<Integer> literalDims = literalDims(p.literal());
                if (literalDims == null) {
                    diagnostics.error(p.literal().pos(), "the rows of this literal have different lengths");
                    define(p.name(), p.pos(), new Symbol("param", p.pos(), null, null));
                    return;
                }
                shape = p.dims().isEmpty() ? (literalDims.size() <= 2 ? Shape.of(literalDims) : null) : shape(p.dims());
                if (shape == null) {
                    if (literalDims.size() > 2) {
                        diagnostics.error(p.literal().pos(), "shapes have at most 2 dimensions, found " + literalDims.size());
                    }
                    define(p.name(), p.pos(), new Symbol("param", p.pos(), null, null));
                    return;
                }
                double[] flat = flatten(p.literal());
                if (literalDims.isEmpty()) {
                    init = Init.constant(flat[0], "= " + number(flat[0]));
                } else if (!literalDims.equals(shape.dims())) {
                    diagnostics.error(p.literal().pos(), "parameter '" + p.name() + "' has shape " + shape
                            + " but its initial value has shape " + literalDims);
                    init = null;
                } else {
                    init = Init.literal(flat, "literal");
                }
            } else {
                shape = shape(p.dims());
                init = shape == null ? null : initializer(p, shape);
            }
            Node.Param node = shape == null ? null : graph.param(p.name(), shape);
            if (define(p.name(), p.pos(), new Symbol("param", p.pos(), node, null)) && node != null && init != null) {
                params.add(new CheckedModel.Parameter(node, init));
            }
        }

        private Init initializer(Ast.ParamDecl p, Shape shape) {
            Ast.Initializer init = p.init();
            if (init == null) {
                if (shape.isMatrix()) {
                    double bound = 1 / Math.sqrt(shape.cols());
                    return Init.uniform(-bound, bound, "default: uniform(-1/sqrt(" + shape.cols() + "), 1/sqrt(" + shape.cols() + "))");
                }
                return Init.constant(0, "default: zeros");
            }
            String name = init.name();
            if (!INITIALIZERS.contains(name)) {
                diagnostics.error(init.pos(), "unknown initializer '" + name + "'; expected one of "
                        + String.join(", ", INITIALIZERS));
                return null;
            }
            List<String> names = switch (name) {
                case "constant" -> List.of("value");
                case "uniform" -> List.of("a", "b");
                case "normal" -> List.of("mean", "std");
                case "xavier_uniform", "xavier_normal" -> List.of("gain");
                case "kaiming_uniform", "kaiming_normal" -> List.of("a");
                default -> List.of();
            };
            Map<String, Double> defaults = switch (name) {
                case "uniform" -> Map.of("a", 0.0, "b", 1.0);
                case "normal" -> Map.of("mean", 0.0, "std", 1.0);
                case "xavier_uniform", "xavier_normal" -> Map.of("gain", 1.0);
                case "kaiming_uniform", "kaiming_normal" -> Map.of("a", 0.0);
                default -> Map.of();
            };
            Map<String, Expr> bound = bind(name, init.pos(), names, init.args(), defaults.keySet());
            if (bound == null) {
                return null;
            }
            Map<String, Double> v = new HashMap<>(defaults);
            for (Map.Entry<String, Expr> e : bound.entrySet()) {
                Double c = constant(e.getValue(), "an initializer argument");
                if (c == null) {
                    return null;
                }
                v.put(e.getKey(), c);
            }
            String description = name + (init.args().isEmpty() ? "" : "(" + String.join(", ",
                    names.stream().filter(v::containsKey).map(k -> number(v.get(k))).toList()) + ")");
            if (name.startsWith("xavier") || name.startsWith("kaiming")) {
                if (!shape.isMatrix()) {
                    diagnostics.error(init.pos(), name + " needs a matrix parameter [out, in] to know its fans, found shape "
                            + shape);
                    return null;
                }
            }
            double fanIn = shape.cols();
            double fanOut = shape.rows();
            return switch (name) {
                case "zeros" -> Init.constant(0, description);
                case "ones" -> Init.constant(1, description);
                case "constant" -> Init.constant(v.get("value"), description);
                case "uniform" -> {
                    if (v.get("a") > v.get("b")) {
                        diagnostics.error(init.pos(), "uniform(a, b) needs a <= b, found " + number(v.get("a")) + " > "
                                + number(v.get("b")));
                        yield null;
                    }
                    yield Init.uniform(v.get("a"), v.get("b"), description);
                }
                case "normal" -> {
                    if (v.get("std") < 0) {
                        diagnostics.error(init.pos(), "normal(mean, std) needs std >= 0, found " + number(v.get("std")));
                        yield null;
                    }
                    yield Init.normal(v.get("mean"), v.get("std"), description);
                }
                case "xavier_uniform" -> {
                    double b = v.get("gain") * Math.sqrt(6 / (fanIn + fanOut));
                    yield Init.uniform(-b, b, description);
                }
                case "xavier_normal" -> Init.normal(0, v.get("gain") * Math.sqrt(2 / (fanIn + fanOut)), description);
                case "kaiming_uniform" -> {
                    double gain = Math.sqrt(2 / (1 + v.get("a") * v.get("a")));
                    double b = gain * Math.sqrt(3 / fanIn);
                    yield Init.uniform(-b, b, description);
                }
                default -> Init.normal(0, Math.sqrt(2 / (1 + v.get("a") * v.get("a"))) / Math.sqrt(fanIn), description);
            };
        }

        private boolean define(String name, Position pos, Symbol symbol) {
            Symbol existing = symbols.get(name);
            if (existing != null) {
                String what = existing.kind().equals("value") ? "'" + name + "' is already defined"
                        : "'" + name + "' is already declared as a " + existing.kind();
                diagnostics.error(pos, what + " at line " + existing.pos().line() + "; values are assigned once");
                return false;
            }
            symbols.put(name, symbol);
            return true;
        }

        // ---- shapes and constants

        private Shape shape(List<Expr> dims) {
            if (dims.size() > 2) {
                diagnostics.error(dims.get(2).pos(), "shapes have at most 2 dimensions, found " + dims.size());
                return null;
            }
            List<Integer> sizes = new ArrayList<>();
            for (Expr e : dims) {
                Integer n = positiveInt(e, "a dimension");
                if (n == null) {
                    return null;
                }
                sizes.add(n);
            }
            return Shape.of(sizes);
        }

        private Integer positiveInt(Expr e, String what) {
            Double v = constant(e, what);
            if (v == null) {
                return null;
            }
            if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
                diagnostics.error(e.pos(), what + " must be a positive integer, found " + number(v));
                return null;
            }
            return v.intValue();
        }

        /** The value of a compile-time constant expression, or null (with an error). */
        private Double constant(Expr e, String what) {
            if (e instanceof Ast.Num n) {
                return n.value();
            }
            if (e instanceof Ast.Ref r) {
                Symbol s = symbols.get(r.name());
                if (s != null && s.constant() != null) {
                    return s.constant().isNaN() ? null : s.constant();
                }
                if (s == null && !declaredAt.containsKey(r.name())) {
                    diagnostics.error(r.pos(), unknown(r.name()));
                } else if (s == null) {
                    diagnostics.error(r.pos(), usedBeforeDefinition(r.name()));
                } else {
                    diagnostics.error(r.pos(), what + " must be a compile-time constant, but '" + r.name() + "' is a "
                            + s.kind());
                }
                return null;
            }
            if (e instanceof Ast.Neg n) {
                Double v = constant(n.operand(), what);
                return v == null ? null : -v;
            }
            if (e instanceof Ast.Binary b && b.op() != Ast.BinaryOp.MATMUL) {
                Double l = constant(b.left(), what);
                Double r = constant(b.right(), what);
                if (l == null || r == null) {
                    return null;
                }
                return switch (b.op()) {
                    case ADD -> l + r;
                    case SUB -> l - r;
                    case MUL -> l * r;
                    case DIV -> l / r;
                    default -> Math.pow(l, r);
                };
            }
            diagnostics.error(e.pos(), what + " must be a compile-time constant, found '" + AstPrinter.print(e) + "'");
            return null;
        }

        // ---- expressions

        /** The IR of an expression, or null if it has an error (already reported). */
        private Node expr(Expr e) {
            if (e instanceof Ast.Num n) {
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
            }
            return call((Ast.Call) e);
        }

        private Node reference(Ast.Ref r) {
            Symbol s = symbols.get(r.name());
            if (s == null) {
                diagnostics.error(r.pos(), declaredAt.containsKey(r.name()) ? usedBeforeDefinition(r.name()) : unknown(r.name()));
                return null;
            }
            if (s.constant() != null) {
                return s.constant().isNaN() ? null : graph.constant(s.constant());
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
                return graph.apply(op, args);
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
            int[] at = new int[] {-1, -1};
            for (int k = 0; k < i.indices().size(); k++) {
                Expr ix = i.indices().get(k);
                Double v = constant(ix, "an index");
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

        private Node call(Ast.Call c) {
            List<String> names = FUNCTIONS.get(c.name());
            if (names == null) {
                Symbol s = symbols.get(c.name());
                String hint = s != null ? "; '" + c.name() + "' is a " + s.kind() + ", not a function" : suggestion(c.name(), FUNCTIONS.keySet());
                diagnostics.error(c.pos(), "unknown function '" + c.name() + "'" + hint);
                return null;
            }
            List<String> optional = new ArrayList<>();
            for (String n : names) {
                if (DEFAULTS.containsKey(c.name() + "." + n)) {
                    optional.add(n);
                }
            }
            Map<String, Expr> bound = bind(c.name(), c.pos(), names, c.args(), optional);
            if (bound == null) {
                return null;
            }
            Map<String, Double> consts = new HashMap<>();
            Map<String, Node> nodes = new HashMap<>();
            boolean ok = true;
            for (String n : names) {
                Expr arg = bound.get(n);
                if (CONSTANT_PARAMS.contains(n)) {
                    Double v = arg == null ? DEFAULTS.get(c.name() + "." + n) : constant(arg, c.name() + "'s " + n);
                    ok &= v != null;
                    consts.put(n, v);
                } else if (n.equals("target") && arg instanceof Ast.Ref r && symbols.get(r.name()) != null
                        && symbols.get(r.name()).kind().equals("class target")) {
                    nodes.put(n, symbols.get(r.name()).node());
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
            Position at = c.pos();
            String f = c.name();
            for (Unary u : Unary.values()) {
                if (u.fn().equals(f)) {
                    return apply(at, text, u, nodes.get("x"));
                }
            }
            return switch (f) {
                case "leaky_relu" -> apply(at, text, new Parametric.LeakyRelu(consts.get("slope")), nodes.get("x"));
                case "elu" -> apply(at, text, new Parametric.Elu(consts.get("alpha")), nodes.get("x"));
                case "max" -> apply(at, text, Binary.MAX, nodes.get("a"), nodes.get("b"));
                case "min" -> apply(at, text, Binary.MIN, nodes.get("a"), nodes.get("b"));
                case "pow" -> apply(at, text, Binary.POW, nodes.get("a"), nodes.get("b"));
                case "dot" -> apply(at, text, LinAlg.DOT, nodes.get("a"), nodes.get("b"));
                case "outer" -> apply(at, text, LinAlg.OUTER, nodes.get("a"), nodes.get("b"));
                case "transpose" -> apply(at, text, LinAlg.TRANSPOSE, nodes.get("A"));
                case "sum", "mean" -> reduce(c, text, nodes.get("x"), consts.get("axis"), f.equals("mean"));
                case "softmax" -> apply(at, text, VectorOp.SOFTMAX, nodes.get("x"));
                case "log_softmax" -> apply(at, text, VectorOp.LOG_SOFTMAX, nodes.get("x"));
                case "logsumexp" -> apply(at, text, VectorOp.LOGSUMEXP, nodes.get("x"));
                case "cross_entropy" -> crossEntropy(c, text, nodes.get("z"), nodes.get("target"));
                default -> lossFunction(c, text, nodes.get(f.equals("bce_logits") ? "z" : "p"), nodes.get("y"), consts);
            };
        }

        private Node reduce(Ast.Call c, String text, Node x, double axis, boolean mean) {
            if (axis == -1) {
                Node s = apply(c.pos(), text, Reduce.ALL, x);
                return s == null || !mean ? s : graph.div(s, graph.constant(x.shape().size()));
            }
            if (axis != Math.rint(axis) || axis < 0 || axis >= Math.max(x.shape().rank(), 1)) {
                diagnostics.error(c.pos(), text + ": axis must be " + (x.shape().isMatrix() ? "0 or 1" : "0")
                        + " for shape " + x.shape() + ", found " + number(axis));
                return null;
            }
            Node s = apply(c.pos(), text, new Reduce((int) axis), x);
            if (s == null || !mean) {
                return s;
            }
            int n = x.shape().isVector() ? x.shape().length() : axis == 0 ? x.shape().rows() : x.shape().cols();
            return graph.div(s, graph.constant(n));
        }

        private Node crossEntropy(Ast.Call c, String text, Node z, Node target) {
            if (!z.shape().isVector()) {
                diagnostics.error(c.pos(), text + ": the logits must be a vector, found shape " + z.shape());
                return null;
            }
            if (target instanceof Node.Input in && in.isClass()) {
                if (in.classes() != z.shape().length()) {
                    diagnostics.error(c.pos(), text + ": " + z.shape().length() + " logits but '" + in.name() + "' has "
                            + in.classes() + " classes");
                    return null;
                }
                return graph.sub(graph.apply(VectorOp.LOGSUMEXP, z), graph.apply(Pick.INSTANCE, z, target));
            }
            if (!target.shape().equals(z.shape())) {
                diagnostics.error(c.pos(), text + ": logits of shape " + z.shape() + " and a target of shape "
                        + target.shape() + " differ; the target is a class index or a vector of the same length");
                return null;
            }
            return graph.neg(graph.sum(graph.mul(target, graph.apply(VectorOp.LOG_SOFTMAX, z))));
        }

        private Node lossFunction(Ast.Call c, String text, Node p, Node y, Map<String, Double> consts) {
            if (!p.shape().equals(y.shape())) {
                diagnostics.error(c.pos(), text + ": the prediction has shape " + p.shape() + " but the target has shape "
                        + y.shape());
                return null;
            }
            Node n = graph.constant(p.shape().size());
            Node elementwise = switch (c.name()) {
                case "mse" -> graph.apply(Unary.SQUARE, graph.sub(p, y));
                case "l1" -> graph.apply(Unary.ABS, graph.sub(p, y));
                case "huber" -> {
                    double delta = consts.get("delta");
                    if (delta <= 0) {
                        diagnostics.error(c.pos(), text + ": delta must be positive, found " + number(delta));
                        yield null;
                    }
                    Node a = graph.apply(Unary.ABS, graph.sub(p, y));
                    Node m = graph.apply(Binary.MIN, a, graph.constant(delta));
                    yield graph.add(graph.mul(graph.constant(0.5), graph.apply(Unary.SQUARE, m)),
                            graph.mul(graph.constant(delta), graph.sub(a, m)));
                }
                case "bce" -> graph.apply(Binary.BCE, p, y);
                default -> graph.apply(Binary.BCE_LOGITS, p, y);
            };
            return elementwise == null ? null : graph.div(graph.sum(elementwise), n);
        }

        /** Binds call arguments to parameter names; null (with an error) if they do not fit. */
        private Map<String, Expr> bind(String f, Position at, List<String> names, List<Ast.Arg> args,
                                       java.util.Collection<String> optional) {
            Map<String, Expr> bound = new LinkedHashMap<>();
            int positional = 0;
            boolean ok = true;
            for (Ast.Arg a : args) {
                if (a.name() == null) {
                    if (positional >= names.size()) {
                        diagnostics.error(a.pos(), f + " takes at most " + names.size() + " argument"
                                + (names.size() == 1 ? "" : "s") + ", found " + args.size());
                        return null;
                    }
                    bound.put(names.get(positional++), a.value());
                } else if (!names.contains(a.name())) {
                    diagnostics.error(a.pos(), f + " has no argument '" + a.name() + "'"
                            + (names.isEmpty() ? "" : "; expected " + String.join(", ", names)));
                    ok = false;
                } else if (bound.containsKey(a.name())) {
                    diagnostics.error(a.pos(), f + ": argument '" + a.name() + "' is given twice");
                    ok = false;
                } else {
                    bound.put(a.name(), a.value());
                }
            }
            for (String n : names) {
                if (!bound.containsKey(n) && !optional.contains(n)) {
                    diagnostics.error(at, f + " needs argument '" + n + "' (" + f + "(" + String.join(", ", names) + "))");
                    ok = false;
                }
            }
            return ok ? bound : null;
        }

        // ---- train settings

        private TrainConfig settings(Ast.TrainDecl t) {
            TrainConfig d = TrainConfig.defaults();
            String data = d.data();
            OptimizerConfig optimizer = d.optimizer();
            int batch = d.batch();
            int epochs = d.epochs();
            boolean shuffle = d.shuffle();
            long seed = d.seed();
            Map<String, Position> given = new HashMap<>();
            TrainSettings fit = new TrainSettings(diagnostics, this::constant); // TrainSettings hook
            for (Ast.Setting s : t.settings()) {
                Position first = given.putIfAbsent(s.name(), s.pos());
                if (first != null) {
                    diagnostics.error(s.pos(), "'" + s.name() + "' is already set at line " + first.line());
                    continue;
                }
                if (!SETTINGS.contains(s.name())) {
                    diagnostics.error(s.pos(), "unknown train setting '" + s.name() + "'; settings are "
                            + String.join(", ", SETTINGS) + suggestion(s.name(), SETTINGS));
                    continue;
                }
                if (TrainSettings.NAMES.contains(s.name())) { // TrainSettings hook
                    fit.add(s);
                    continue;
                }
                if (s.name().equals("data")) {
                    if (s.string() == null) {
                        diagnostics.error(s.expr().pos(), "data must be a file name in quotes, like data = \"train.csv\"");
                    } else {
                        data = s.string();
                    }
                    continue;
                }
                if (s.string() != null) {
                    diagnostics.error(s.pos(), s.name() + " takes a value, not a string");
                    continue;
                }
                switch (s.name()) {
                    case "optimizer" -> {
                        OptimizerConfig o = optimizer(s.expr());
                        if (o != null) {
                            optimizer = o;
                        }
                    }
                    case "batch" -> batch = orElse(positiveInt(s.expr(), "batch"), batch);
                    case "epochs" -> epochs = orElse(positiveInt(s.expr(), "epochs"), epochs);
                    case "shuffle" -> {
                        Boolean b = bool(s.expr(), "shuffle");
                        shuffle = b == null ? shuffle : b;
                    }
                    default -> {
                        Double v = constant(s.expr(), "seed");
                        if (v != null && (v != Math.rint(v) || v < 0)) {
                            diagnostics.error(s.expr().pos(), "seed must be a non-negative integer, found " + number(v));
                        } else if (v != null) {
                            seed = v.longValue();
                        }
                    }
                }
            }
            return fit.apply(new TrainConfig(data, optimizer, batch, epochs, shuffle, seed)); // TrainSettings hook
        }

        private OptimizerConfig optimizer(Expr e) {
            if (!(e instanceof Ast.Call c)) {
                diagnostics.error(e.pos(), "optimizer must be a call like sgd(lr = 0.01); optimizers are "
                        + String.join(", ", OptimizerConfig.SIGNATURES.keySet()));
                return null;
            }
            Map<String, Double> signature = OptimizerConfig.SIGNATURES.get(c.name());
            if (signature == null) {
                diagnostics.error(c.pos(), "unknown optimizer '" + c.name() + "'; optimizers are "
                        + String.join(", ", OptimizerConfig.SIGNATURES.keySet())
                        + suggestion(c.name(), OptimizerConfig.SIGNATURES.keySet()));
                return null;
            }
            List<String> names = new ArrayList<>(signature.keySet());
            List<String> optional = names.stream().filter(n -> signature.get(n) != null).toList();
            Map<String, Expr> bound = bind(c.name(), c.pos(), names, c.args(), optional);
            if (bound == null) {
                return null;
            }
            Map<String, Double> hyper = new LinkedHashMap<>(signature);
            boolean ok = true;
            for (Map.Entry<String, Expr> a : bound.entrySet()) {
                Double v;
                if (a.getKey().equals("nesterov")) {
                    Boolean b = bool(a.getValue(), "nesterov");
                    v = b == null ? null : b ? 1.0 : 0.0;
                } else {
                    v = constant(a.getValue(), c.name() + "'s " + a.getKey());
                    if (v != null && v < 0) {
                        diagnostics.error(a.getValue().pos(), c.name() + "'s " + a.getKey() + " must not be negative, found "
                                + number(v));
                        v = null;
                    } else if (v != null && a.getKey().startsWith("beta") && v >= 1) {
                        diagnostics.error(a.getValue().pos(), c.name() + "'s " + a.getKey() + " must be in [0, 1), found "
                                + number(v));
                        v = null;
                    }
                }
                ok &= v != null;
                hyper.put(a.getKey(), v);
            }
            if (!ok) {
                return null;
            }
            if (c.name().equals("sgd") && hyper.get("nesterov") != 0 && (hyper.get("momentum") <= 0 || hyper.get("dampening") != 0)) {
                diagnostics.error(c.pos(), "sgd with nesterov = true needs momentum > 0 and dampening = 0");
                return null;
            }
            return new OptimizerConfig(c.name(), hyper);
        }

        private Boolean bool(Expr e, String what) {
            if (e instanceof Ast.Ref r && (r.name().equals("true") || r.name().equals("false"))) {
                return r.name().equals("true");
            }
            diagnostics.error(e.pos(), what + " must be true or false, found '" + AstPrinter.print(e) + "'");
            return null;
        }

        // ---- messages

        private String unknown(String name) {
            List<String> candidates = new ArrayList<>(symbols.keySet());
            return "unknown name '" + name + "'" + suggestion(name, candidates);
        }

        private String usedBeforeDefinition(String name) {
            return "'" + name + "' is used before it is defined (at line " + declaredAt.get(name).line() + ")";
        }
    }

    private static int orElse(Integer v, int fallback) {
        return v == null ? fallback : v;
    }

    /** "; did you mean 'x'?" for the closest candidate within two edits, or "". */
    static String suggestion(String name, java.util.Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String c : candidates) {
            int d = distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance && d < Math.max(2, name.length() / 2 + 1)) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static List<Integer> literalDims(Ast.Literal l) {
        if (l instanceof Ast.ScalarLiteral) {
            return List.of();
        }
        Ast.ListLiteral list = (Ast.ListLiteral) l;
        List<Integer> inner = null;
        for (Ast.Literal e : list.elements()) {
            List<Integer> d = literalDims(e);
            if (d == null || (inner != null && !inner.equals(d))) {
                return null;
            }
            inner = d;
        }
        List<Integer> dims = new ArrayList<>();
        dims.add(list.elements().size());
        dims.addAll(inner);
        return dims;
    }

    private static double[] flatten(Ast.Literal l) {
        List<Double> out = new ArrayList<>();
        flatten(l, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(Ast.Literal l, List<Double> out) {
        if (l instanceof Ast.ScalarLiteral s) {
            out.add(s.value());
        } else {
            ((Ast.ListLiteral) l).elements().forEach(e -> flatten(e, out));
        }
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
