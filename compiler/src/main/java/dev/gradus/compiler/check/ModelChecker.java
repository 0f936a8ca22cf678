package dev.gradus.compiler.check;

import static dev.gradus.compiler.check.ModelScope.number;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Init;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.TrainConfig;
import dev.gradus.compiler.parse.Ast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One model's declarations, in order: each name defined once, before use, with its kind and shape. */
final class ModelChecker {
    private final Ast.SourceFile file;
    private final Ast.Model model;
    private final ModelScope scope;
    private final Diagnostics diagnostics;
    private final dev.gradus.compiler.ir.Graph graph;
    private final Expressions expressions;
    private final Initializers initializers;
    private final TrainBlock trainBlock;
    private final List<Node.Input> fields = new ArrayList<>();
    private final List<CheckedModel.Parameter> params = new ArrayList<>();
    private final Map<String, Node> values = new LinkedHashMap<>();
    private Node loss;
    private Position lossAt;
    private Ast.OutputDecl output;
    private TrainConfig train = TrainConfig.defaults();
    private Position trainAt;

    ModelChecker(Diagnostics diagnostics, Ast.SourceFile file, Ast.Model model) {
        this.file = file;
        this.model = model;
        this.scope = new ModelScope(diagnostics);
        this.diagnostics = diagnostics;
        this.graph = scope.graph;
        this.expressions = new Expressions(scope);
        this.initializers = new Initializers(scope);
        this.trainBlock = new TrainBlock(scope);
    }

    /** The checked model, or null when it has errors (all reported). */
    CheckedModel check() {
        for (Ast.Decl d : model.decls()) {
            String name = declaredName(d);
            if (name != null) {
                scope.declaredAt.putIfAbsent(name, d.pos());
            }
        }
        for (Ast.Decl d : model.decls()) {
            declare(d);
        }
        if (loss == null && lossAt == null) {
            diagnostics.error(model.pos(), "model '" + model.name() + "' has no loss; add 'loss = ...'");
            return null;
        }
        List<String> outputNames = new ArrayList<>();
        List<Node> outputs = new ArrayList<>();
        if (output != null) {
            for (int k = 0; k < output.names().size(); k++) {
                String name = output.names().get(k);
                Position at = output.at().get(k);
                ModelScope.Symbol s = scope.symbols.get(name);
                if (outputNames.contains(name)) {
                    diagnostics.error(at, "'" + name + "' is already an output");
                } else if (s == null) {
                    diagnostics.error(at, scope.unknown(name));
                } else if (s.node() == null && s.kind().equals("value")) {
                    outputNames.add(name); // its definition failed, and that error is already reported
                } else if (s.node() == null) {
                    diagnostics.error(at, "output must name a value, but '" + name + "' is " + s.aKind());
                } else if (targetOf(s.node()) instanceof Node.Input target) {
                    outputNames.add(name);
                    diagnostics.error(at, "output '" + name + "' depends on the target '" + target.name()
                            + "': an output is what predict computes from the inputs alone, without targets");
                } else {
                    outputNames.add(name);
                    outputs.add(s.node());
                }
            }
        }
        int before = diagnostics.count();
        trainBlock.checkMetricOutputs(outputNames);
        if (loss == null || outputs.size() != outputNames.size() || diagnostics.count() > before) {
            return null;
        }
        if (!Memory.fits(diagnostics, params, train)) {
            return null;
        }
        CheckedModel checked = new CheckedModel(file.source(), model.pos(), model.name(), graph, fields, params, values, loss,
                outputNames, outputs, train);
        String batchProblem = Memory.batchProblem(checked, train.batch());
        if (batchProblem != null) {
            diagnostics.error(trainAt != null ? trainAt : model.pos(), "train block batch: " + batchProblem);
            return null;
        }
        return checked;
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
            Double v = scope.constant(c.value(), "a const");
            scope.define(c.name(), c.pos(), new ModelScope.Symbol("const", c.pos(), null, v == null ? Double.NaN : v));
        } else if (d instanceof Ast.InputDecl i) {
            Shape shape = scope.shape(i.dims());
            Integer classes = 0;
            if (i.classes() != null) { // integer indices for embedding(E, i)
                classes = scope.positiveInt(i.classes(), "the number of classes");
            }
            Node.Input node = shape == null || classes == null ? null : graph.input(i.name(), shape, classes, false);
            String kind = i.classes() != null ? "class input" : "input";
            if (scope.define(i.name(), i.pos(), new ModelScope.Symbol(kind, i.pos(), node, null)) && node != null) {
                fields.add(node);
            }
        } else if (d instanceof Ast.TargetDecl t) {
            declareTarget(t);
        } else if (d instanceof Ast.ParamDecl p) {
            declareParam(p);
        } else if (d instanceof Ast.AssignDecl a) {
            Node node = expressions.expr(a.value());
            if (scope.define(a.name(), a.pos(), new ModelScope.Symbol("value", a.pos(), node, null)) && node != null) {
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
            Node node = expressions.expr(l.value());
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
            train = trainBlock.settings(t);
        }
    }

    private void declareTarget(Ast.TargetDecl t) {
        Node.Input node = null;
        if (t.classes() != null) {
            Integer n = scope.positiveInt(t.classes(), "the number of classes");
            if (n != null && n < 2) {
                diagnostics.error(t.classes().pos(), "a class target needs at least 2 classes, found " + n);
            } else if (n != null) {
                node = graph.input(t.name(), Shape.SCALAR, n, true);
            }
        } else {
            Shape shape = scope.shape(t.dims());
            node = shape == null ? null : graph.input(t.name(), shape, 0, true);
        }
        if (scope.define(t.name(), t.pos(), new ModelScope.Symbol(t.classes() != null ? "class target" : "target", t.pos(), node, null))
                && node != null) {
            fields.add(node);
        }
    }

    private void declareParam(Ast.ParamDecl p) {
        Shape shape;
        Init init;
        if (p.literal() != null) {
            List<Integer> literalDims = Initializers.literalDims(p.literal());
            if (literalDims == null) {
                diagnostics.error(p.literal().pos(), "the rows of this literal have different lengths");
                scope.define(p.name(), p.pos(), new ModelScope.Symbol("param", p.pos(), null, null));
                return;
            }
            shape = p.dims().isEmpty() ? (literalDims.size() <= Shape.MAX_RANK ? Shape.of(literalDims) : null) : scope.shape(p.dims());
            if (shape == null) {
                if (literalDims.size() > Shape.MAX_RANK) {
                    diagnostics.error(p.literal().pos(), "shapes have at most " + Shape.MAX_RANK + " dimensions, found " + literalDims.size());
                }
                scope.define(p.name(), p.pos(), new ModelScope.Symbol("param", p.pos(), null, null));
                return;
            }
            double[] flat = Initializers.flatten(p.literal());
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
            shape = scope.shape(p.dims());
            init = shape == null ? null : initializers.initializer(p, shape);
        }
        Node.Param node = shape == null ? null : graph.param(p.name(), shape);
        if (scope.define(p.name(), p.pos(), new ModelScope.Symbol("param", p.pos(), node, null)) && node != null && init != null) {
            params.add(new CheckedModel.Parameter(node, init, p.pos()));
        }
    }

    /** A target that {@code n} is computed from, or null. */
    private static Node targetOf(Node n) {
        java.util.Deque<Node> todo = new java.util.ArrayDeque<>(List.of(n));
        java.util.Set<Node> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            Node m = todo.pop();
            if (!seen.add(m)) {
                continue;
            }
            if (m instanceof Node.Input i && i.target()) {
                return i;
            }
            if (m instanceof Node.Apply a) {
                todo.addAll(a.args());
            }
        }
        return null;
    }
}
