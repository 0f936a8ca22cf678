package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.Differentiator;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.eval.Evaluator;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.AlongAxis;
import dev.gradus.compiler.ir.Binary;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Dropout;
import dev.gradus.compiler.ir.Elementwise;
import dev.gradus.compiler.ir.Embedding;
import dev.gradus.compiler.ir.EmbeddingGrad;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.Graph;
import dev.gradus.compiler.ir.Index;
import dev.gradus.compiler.ir.LinAlg;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.OneHot;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.OpVisitor;
import dev.gradus.compiler.ir.Ops;
import dev.gradus.compiler.ir.Parametric;
import dev.gradus.compiler.ir.Pick;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Reshape;
import dev.gradus.compiler.ir.Rewriter;
import dev.gradus.compiler.ir.Scatter;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Unary;
import dev.gradus.compiler.ir.VectorOp;
import dev.gradus.compiler.ir.Window;
import dev.gradus.compiler.print.MathPrinter;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op of {@link Ops#all()}, one by one: its value's derivative (the op's vjp) against finite
 * differences of its value; a model that uses it compiled in both precisions with
 * {@code -Xlint:all -Werror}, the double trainer held against the evaluator and the float one against
 * the double; the model's gradients printed by {@code grad} pasted back into the model, where they
 * check with the parameters' shapes; and each function users call documented in docs/LANGUAGE.md
 * by its signature. The sample shapes and the model for each kind of op come from visitors, so a new
 * kind of op does not compile here until it has them.
 */
class OpCoverageTest {

    /** One argument: its shape, or a class index in {@code 0..classes-1}. */
    private record Arg(Shape shape, int classes) {
        static Arg of(Shape s) {
            return new Arg(s, 0);
        }
    }

    private static final Shape V = Shape.vector(3);
    private static final Shape M = Shape.matrix(2, 3);

    private static List<Arg> sampleArgs(Op op) {
        return op.accept(new OpVisitor<List<Arg>>() {
            public List<Arg> elementwise(Elementwise e) {
                return e.arity() == 1 ? List.of(Arg.of(V)) : List.of(Arg.of(M), Arg.of(V)); // with row broadcasting
            }

            public List<Arg> linAlg(LinAlg l) {
                return switch (l) {
                    case MATMUL -> List.of(Arg.of(M), Arg.of(V));
                    case DOT -> List.of(Arg.of(V), Arg.of(V));
                    case OUTER -> List.of(Arg.of(Shape.vector(2)), Arg.of(V));
                    case TRANSPOSE -> List.of(Arg.of(M));
                };
            }

            public List<Arg> reduce(Reduce r) {
                return List.of(Arg.of(r.axis() >= 2 ? Shape.of(2, 3, 4) : M));
            }

            public List<Arg> expand(Expand e) {
                return List.of(Arg.of(e.axis() == -1 ? Shape.SCALAR : Reduce.without(e.to(), e.axis())));
            }

            public List<Arg> vectorOp(VectorOp v) {
                return List.of(Arg.of(V));
            }

            public List<Arg> index(Index ix) {
                return List.of(Arg.of(ix.j() >= 0 ? M : V));
            }

            public List<Arg> scatter(Scatter s) {
                return List.of(Arg.of(Shape.SCALAR));
            }

            public List<Arg> pick(Pick p) {
                return List.of(Arg.of(V), new Arg(Shape.SCALAR, 3));
            }

            public List<Arg> oneHot(OneHot o) {
                return List.of(new Arg(Shape.SCALAR, o.n()));
            }

            public List<Arg> embedding(Embedding e) {
                return List.of(Arg.of(Shape.matrix(3, 2)), new Arg(Shape.vector(5), 3)); // five indices of three: some repeat
            }

            public List<Arg> embeddingGrad(EmbeddingGrad e) {
                return List.of(Arg.of(Shape.matrix(5, 2)), new Arg(Shape.vector(5), e.rows()));
            }

            public List<Arg> alongAxis(AlongAxis a) {
                return List.of(Arg.of(M));
            }

            public List<Arg> window(Window w) {
                return WindowSamples.args(w).stream().map(Arg::of).toList();
            }

            public List<Arg> reshape(Reshape r) {
                return List.of(Arg.of(r.to().isVector() ? M : Shape.vector(6)));
            }

            public List<Arg> dropout(Dropout d) {
                return List.of(Arg.of(M));
            }
        });
    }

    /** An expression of the test model (x[3], M[2, 3], y[3], label, p[3], P[3, 3], s) whose value or gradient uses the op. */
    private static String usage(Op op) {
        return op.accept(new OpVisitor<String>() {
            public String elementwise(Elementwise e) {
                if (e instanceof Unary u) {
                    return switch (u) {
                        case NEG -> "-(p * x)";
                        case LOG -> "log(softplus(p * x) + 0.1)";
                        case SQRT -> "sqrt(square(p * x) + 0.1)";
                        case STEP -> "relu(p * x)";
                        case SIGN -> "abs(p * x)";
                        case EXP, ABS, SIN, COS, TANH, SIGMOID, RELU, SOFTPLUS, SQUARE -> u.fn() + "(p * x)";
                    };
                }
                if (e instanceof Binary b) {
                    return switch (b) {
                        case ADD -> "P @ x + p";
                        case SUB -> "P @ x - p";
                        case MUL -> "p * x";
                        case DIV -> "p / (square(x) + 1)";
                        case POW -> "(softplus(p) + 0.5) ^ x";
                        case MAX, GT, EQ -> "max(p, x)";
                        case MIN -> "min(p, x)";
                        case BCE -> "bce(sigmoid(p * x), sigmoid(y))";
                        case BCE_LOGITS -> "bce_logits(p * x, y)";
                    };
                }
                return e instanceof Parametric.Elu ? "elu(p * x, 0.7)" : "leaky_relu(p * x, 0.1)";
            }

            public String linAlg(LinAlg l) {
                return switch (l) {
                    case MATMUL -> "P @ x";
                    case DOT -> "dot(p, x) * p";
                    case OUTER -> "outer(p, x) @ p";
                    case TRANSPOSE -> "transpose(P) @ x";
                };
            }

            public String reduce(Reduce r) {
                String cube = "reshape(outer(p, flatten(P)), [3, 3, 3])";
                return r.axis() < 0 ? "sum(p * x) * p"
                        : r.axis() >= 2 ? "sum(tanh(" + cube + "), 2) @ x + sum(" + cube + ", 1) @ p + sum(mean(" + cube + ", 0), 1)"
                        : "sum(outer(p, x), " + r.axis() + ")";
            }

            public String expand(Expand e) {
                return "sum(P * x, 1) + sum(M * p, 0) + s * x";
            }

            public String vectorOp(VectorOp v) {
                return v == VectorOp.LOGSUMEXP ? "logsumexp(p * x) * p" : v.label() + "(p * x)";
            }

            public String index(Index ix) {
                return ix.j() >= 0 ? "P[1, 2] * x" : "p[1] * x";
            }

            public String scatter(Scatter s) {
                return s.j() >= 0 ? "P[1, 2] * x" : "p[1] * x";
            }

            public String pick(Pick p) {
                return "cross_entropy(P @ x, label) * p";
            }

            public String oneHot(OneHot o) {
                return "cross_entropy(P @ x, label) * p";
            }

            public String embedding(Embedding e) {
                return "embedding(P, label) * x";
            }

            public String embeddingGrad(EmbeddingGrad e) {
                return "embedding(P, label) * x";
            }

            public String alongAxis(AlongAxis a) {
                String m = "outer(p, x) + P";
                return a.fn() == VectorOp.LOGSUMEXP ? "logsumexp(" + m + ", " + a.axis() + ") * p"
                        : a.fn().label() + "(" + m + ", " + a.axis() + ") @ p";
            }

            public String window(Window w) {
                return WindowSamples.usage(w);
            }

            public String reshape(Reshape r) {
                return "flatten(outer(p, x)) @ flatten(outer(x, p)) * p";
            }

            public String dropout(Dropout d) {
                return "dropout(P, 0.2) @ x * p + dropout(outer(p, x) + P, 0.5) @ x";
            }
        });
    }

    private static String modelExpression(Op op) {
        return "square(" + usage(op) + ")";
    }

    @TestFactory
    Stream<DynamicTest> everyOpsDerivativeMatchesFiniteDifferencesOfItsValue() {
        return Ops.all().stream().map(op -> DynamicTest.dynamicTest(op.label() + " " + op, () -> derivative(op)));
    }

    private static void derivative(Op op) {
        Random random = new Random(op.toString().hashCode());
        Graph graph = new Graph(Rewriter.NONE);
        List<Arg> args = sampleArgs(op);
        List<Node> nodes = new ArrayList<>();
        List<Node.Param> params = new ArrayList<>();
        Map<Node, Tensor> leaves = new HashMap<>();
        boolean positive = op == Unary.LOG || op == Unary.SQRT || op == Binary.POW || op == Binary.BCE;
        for (int k = 0; k < args.size(); k++) {
            Arg a = args.get(k);
            if (a.classes() > 0) {
                Node.Input label = graph.input("label" + k, a.shape(), a.classes(), true);
                double[] v = new double[a.shape().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = random.nextInt(a.classes());
                }
                nodes.add(label);
                leaves.put(label, new Tensor(a.shape(), v));
            } else {
                Node.Param p = graph.param("a" + k, a.shape());
                double[] v = new double[a.shape().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (0.1 + 0.8 * random.nextDouble()) * (positive || random.nextBoolean() ? 1 : -1);
                }
                nodes.add(p);
                params.add(p);
                leaves.put(p, new Tensor(a.shape(), v));
            }
        }
        Node value = graph.apply(op, nodes);
        Node.Input weights = graph.input("w", value.shape(), 0, false);
        double[] w = new double[value.shape().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian();
        }
        leaves.put(weights, new Tensor(value.shape(), w));
        Node loss = graph.sum(graph.mul(value, weights));
        Differentiator.Adjoints adjoints = Differentiator.differentiate(graph, loss, params);
        for (Node.Param p : params) {
            Tensor symbolic = new Evaluator(leaves).eval(adjoints.of(p, graph));
            Tensor at = leaves.get(p);
            for (int k = 0; k < at.data().length; k++) {
                double keep = at.data()[k];
                double h = 1e-5;
                at.data()[k] = keep + h;
                double up = new Evaluator(leaves).eval(loss).item();
                at.data()[k] = keep - h;
                double down = new Evaluator(leaves).eval(loss).item();
                at.data()[k] = keep;
                double fd = (up - down) / (2 * h);
                assertThat(Math.abs(symbolic.data()[k] - fd)).as("%s: d/d%s[%d], vjp %s, differences %s", op, p.name(), k,
                        symbolic.data()[k], fd).isLessThanOrEqualTo(1e-6 * (1 + Math.abs(fd)));
            }
        }
    }

    @Test
    void everyOpCompilesInBothPrecisionsMatchesTheEvaluatorAndItsGradientPrintsBack() {
        List<CheckedModel> models = new ArrayList<>();
        List<JavaFile> files = new ArrayList<>();
        List<Op> ops = Ops.all();
        for (int k = 0; k < ops.size(); k++) {
            Op op = ops.get(k);
            // squared, so no gradient is a broadcast constant: grad prints outer(1, x) for one, which does not check (a known gap)
            CheckedModel model = RandomModels.model(modelExpression(op));
            dev.gradus.compiler.diff.ModelGradients.of(model); // the derivative's ops join the graph
            assertThat(model.graph().nodes()).as("a model of %s uses it", op)
                    .anyMatch(n -> n instanceof Node.Apply a && sameOp(a.op(), op));
            models.add(model);
            files.add(Compiler.emit(model, "ops.o" + k + ".exact", Precision.DOUBLE));
            files.add(Compiler.emit(model, "ops.o" + k + ".single", Precision.FLOAT));
        }
        ClassLoader loader = BatchCompiler.compile(files);
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) {
            String what = ops.get(k) + " in " + modelExpression(ops.get(k));
            Trainer exact = load(loader, files.get(2 * k));
            Trainer single = load(loader, files.get(2 * k + 1));
            // A stochastic op's reference value is evaluation's (dropout: x), so the trainers meet the evaluator out of
            // training mode; the float trainer is then held against the double one in training mode, with the same masks
            // (DropoutTest holds the masks themselves).
            boolean stochastic = stochastic(ops.get(k));
            exact.training(!stochastic);
            EmitterOracleTest.check(models.get(k), exact, what, 3, k);
            exact.training(true);
            DataSet data = DataSet.random(exact.inputs(), exact.targets(), 3, new Rng(k));
            for (TensorSpec p : exact.parameters()) {
                double[] v = new double[p.size()];
                exact.getParameter(p.name(), v);
                single.setParameter(p.name(), v);
            }
            double lossExact = exact.lossAndGradient(data, null, 0, 3);
            double lossSingle = single.lossAndGradient(data, null, 0, 3);
            assertThat(lossSingle).as("%s: float loss", what).isCloseTo(lossExact, org.assertj.core.data.Offset.offset(1e-3 * (1 + Math.abs(lossExact))));
            for (TensorSpec p : exact.parameters()) {
                double[] ge = new double[p.size()];
                double[] gs = new double[p.size()];
                exact.getGradient(p.name(), ge);
                single.getGradient(p.name(), gs);
                for (int i = 0; i < ge.length; i++) {
                    assertThat(gs[i]).as("%s: float d%s[%d]", what, p.name(), i)
                            .isCloseTo(ge[i], org.assertj.core.data.Offset.offset(1e-3 * (1 + Math.abs(ge[i]))));
                }
            }
            try {
                printsBack(models.get(k), modelExpression(ops.get(k)));
            } catch (AssertionError e) {
                failures.add(ops.get(k) + ": " + e.getMessage());
            }
        }
        assertThat(failures).as("grad's output that does not print back").isEmpty();
    }

    /**
     * {@code grad}'s text for every parameter, pasted into the model as values: it checks with the
     * parameter's shape, and the reference evaluator gives the pasted text the value of the gradient it
     * was printed from, at random inputs and parameters (to the 6 significant digits grad prints numbers with).
     */
    static void printsBack(CheckedModel model, String expr) {
        var gradients = dev.gradus.compiler.diff.ModelGradients.of(model);
        MathPrinter printer = new MathPrinter(MathPrinter.Format.TEXT, new HashMap<>(model.valueNames()));
        StringBuilder values = new StringBuilder();
        for (Node.Param p : model.paramNodes()) {
            values.append("    g_").append(p.name()).append(" = ").append(printer.print(gradients.of(p))).append('\n');
        }
        String source = """
                model Pasted {
                    input x[3]
                    input M[2, 3]
                    target y[3]
                    target label : class(3)
                    param p[3]
                    param P[3, 3]
                    param s
                    e = %s
                %s    loss = sum(e)
                }
                """.formatted(expr, values);
        CheckedModel again;
        try {
            again = Frontend.check(new Source("pasted.net", source)).get(0);
        } catch (RuntimeException ex) {
            throw new AssertionError("grad's output for " + expr + " does not check:\n" + source + "\n" + ex.getMessage(), ex);
        }
        Random random = new Random(expr.hashCode());
        Map<Node, Tensor> leaves = new HashMap<>();
        Map<Node, Tensor> pastedLeaves = new HashMap<>();
        for (Node.Input f : model.fields()) {
            double[] v = new double[f.shape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.isClass() ? random.nextInt(f.classes()) : random.nextGaussian();
            }
            leaves.put(f, new Tensor(f.shape(), v));
            Node.Input same = again.fields().stream().filter(g -> g.name().equals(f.name())).findFirst().orElseThrow();
            pastedLeaves.put(same, new Tensor(f.shape(), v));
        }
        for (Node.Param p : model.paramNodes()) {
            double[] v = new double[p.shape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian();
            }
            leaves.put(p, new Tensor(p.shape(), v));
            Node.Param same = again.paramNodes().stream().filter(q -> q.name().equals(p.name())).findFirst().orElseThrow();
            pastedLeaves.put(same, new Tensor(p.shape(), v));
        }
        for (Node.Param p : model.paramNodes()) {
            Node pasted = again.values().get("g_" + p.name());
            Shape got = pasted.shape();
            assertThat(got.isScalar() || got.equals(p.shape())).as("%s: grad of %s has shape %s", expr, p.name(), got).isTrue();
            double[] want = new Evaluator(leaves).eval(gradients.of(p)).data();
            double[] have = new Evaluator(pastedLeaves).eval(pasted).data();
            for (int i = 0; i < want.length; i++) {
                double h = have[got.isScalar() ? 0 : i];
                assertThat(Math.abs(h - want[i])).as("%s: the pasted gradient of %s at %d is %s, the gradient %s\n%s", expr, p.name(),
                        i, h, want[i], source).isLessThanOrEqualTo(1e-5 * (1 + Math.abs(want[i])));
            }
        }
    }

    @Test
    void everyFunctionUsersCallHasItsSignatureInTheLanguageReference() throws IOException {
        String doc = Files.readString(Path.of("../docs/LANGUAGE.md"));
        for (Op op : Ops.named()) {
            assertThat(doc).as("docs/LANGUAGE.md documents %s", op.signature()).contains("`" + op.signature() + "`");
        }
    }

    /** The ops whose value in a training step is drawn at random (their evaluator value is evaluation's). */
    private static boolean stochastic(Op op) {
        return op instanceof Dropout;
    }

    private static boolean sameOp(Op a, Op b) {
        return a instanceof Enum<?> || a instanceof Reduce ? a.equals(b) : a.getClass() == b.getClass();
    }

    private static Trainer load(ClassLoader loader, JavaFile file) {
        try {
            return (Trainer) loader.loadClass(file.packageName() + "." + file.typeSpec().name()).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
