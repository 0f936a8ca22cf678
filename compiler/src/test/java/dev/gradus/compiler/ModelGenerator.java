package dev.gradus.compiler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random well-typed models written in the language itself: every declaration form, elementwise
 * ops and losses, broadcasting, matrix inputs, products in every shape case, reductions over
 * parameters alone, several regularizers, tied weights, class targets, every optimizer; and names
 * drawn from what generated Java code could collide with (keywords, {@code java.lang} and runtime
 * types, the emitter's own locals and members). Each model is built so that it checks: a shape is
 * asked for, then made from what is declared or from a new declaration of that shape.
 */
final class ModelGenerator {
    /** Names generated Java could trip over; each is a legal name in the language. */
    static final List<String> HOSTILE = List.of(
            // Java keywords and restricted identifiers
            "int", "for", "if", "new", "this", "super", "return", "static", "final", "void", "double", "float", "long",
            "boolean", "char", "byte", "short", "switch", "case", "default", "do", "while", "try", "catch", "throw", "throws",
            "public", "private", "protected", "abstract", "interface", "enum", "extends", "implements", "import", "package",
            "instanceof", "goto", "native", "null", "true_", "var", "record", "yield", "sealed", "permits", "when", "_",
            "strictfp", "transient", "volatile", "synchronized", "assert", "break", "continue", "else", "finally",
            // java.lang and runtime types
            "Math", "Float", "Double", "String", "Object", "Integer", "Long", "System", "Override", "Thread", "Exception",
            "List", "Trainer", "DataSet", "TensorSpec", "Rng", "Fn", "Workers", "Range", "TrainingListener", "java", "dev",
            // the emitter's locals, members and methods
            "ex", "i", "j", "k", "acc", "max", "total", "logSum", "one", "wRow", "wi", "xk", "ak", "aik", "ai", "bRow", "o0",
            "x0", "a0", "g", "rate", "stepSize", "bias1", "bias2", "bias2Sqrt", "decay", "batchLoss", "example", "to", "from",
            "i0", "i1", "batchSize", "workers", "split", "part", "grain", "count", "n", "row", "rows", "rng", "seed", "lr",
            "step", "out", "dst", "src", "name", "data", "order", "maxBatch", "INPUTS", "TARGETS", "PARAMETERS", "W_t",
            "W_m", "W_v", "W_momentum", "W_square_avg", "xRows", "dW", "mean_", "listener", "epochs", "forward", "backward",
            "meanLoss", "loadInputs", "computeOutput", "outputExamples", "lossExamples", "backwardExamples",
            "applyGradients", "predict", "fit", "initialize", "exp", "sigmoid", "heaviside", "sqrt", "h_pre", "W1x", "dh",
            "sum_h", "matmul_W", "INITIAL_w", "dWRows", "WUpdate", "WTranspose", "WTransposeTask", "stepTask");

    static final List<String> MODEL_NAMES = List.of("Math", "Float", "Double", "String", "Object", "Trainer", "DataSet",
            "Fn", "Workers", "Override", "System", "Integer", "maxBatch", "Net", "Model", "List", "Rng", "TensorSpec");

    private static final String[] OPTIMIZERS = {"sgd(lr = 0.05)", "sgd(lr = 0.05, momentum = 0.9)",
        "sgd(lr = 0.01, momentum = 0.9, nesterov = true, weight_decay = 0.01)", "sgd(lr = 0.01, momentum = 0.5, dampening = 0.1)",
        "adam(lr = 0.01)", "adam(lr = 0.01, weight_decay = 0.1)", "adamw(lr = 0.01)", "rmsprop(lr = 0.01)",
        "rmsprop(lr = 0.01, momentum = 0.9, weight_decay = 0.01)"};

    private final Random random;
    private final Set<String> used = new HashSet<>();
    private final List<String> lines = new ArrayList<>();
    private final List<Term> terms = new ArrayList<>();
    private final List<String> params = new ArrayList<>();
    private int fresh;

    /** A declared name and its shape (rows 0 for a vector, both 0 for a scalar). */
    private record Term(String name, int rows, int cols, boolean param) {}

    private ModelGenerator(Random random) {
        this.random = random;
    }

    /** The source of one random model. */
    static String generate(long seed) {
        return new ModelGenerator(new Random(seed)).model();
    }

    private String model() {
        String modelName = random.nextInt(3) == 0 ? "G" + random.nextInt(1000) : pick(MODEL_NAMES);
        boolean wide = random.nextInt(6) == 0; // layers large enough for the GEMM kernels
        int in = wide ? 16 + random.nextInt(8) : 2 + random.nextInt(4);
        String x = declare("input", in, 0);
        if (random.nextBoolean()) {
            declare("input", 2 + random.nextInt(2), 2 + random.nextInt(3)); // a matrix input
        }
        if (random.nextInt(3) == 0) {
            declare("input", 0, 0);
        }
        int out = 2 + random.nextInt(3);
        int hidden = wide ? 16 + random.nextInt(10) : 2 + random.nextInt(5);
        String h = value(vectorFrom(x, in, hidden, 2), hidden);
        String z = value(vectorFrom(h, hidden, out, 1), out);
        String loss;
        switch (random.nextInt(6)) {
            case 0 -> {
                String label = name();
                lines.add("target " + label + " : class(" + out + ")");
                loss = "cross_entropy(" + z + ", " + label + ")";
            }
            case 1 -> loss = "bce_logits(" + z + ", " + target(out) + ")";
            case 2 -> loss = "bce(sigmoid(" + z + "), sigmoid(" + target(out) + "))";
            case 3 -> loss = "huber(" + z + ", " + target(out) + ", 0.5)";
            case 4 -> loss = "l1(" + z + ", " + target(out) + ") + mse(" + z + ", " + target(out) + ")";
            default -> loss = "mse(" + z + ", " + target(out) + ")";
        }
        if (random.nextBoolean()) {
            lines.add("output " + z);
        }
        for (int r = random.nextInt(4); r > 0; r--) { // regularizers: terms over parameters alone
            String p = pick(params);
            loss += switch (random.nextInt(4)) {
                case 0 -> " + 1e-3 * sum(" + p + " ^ 2)";
                case 1 -> " + 0.01 * mean(" + p + ") * mean(" + p + ")";
                case 2 -> " + 1e-4 * sum(abs(" + p + "))";
                default -> " + 1e-3 * sum(square(" + p + "))";
            };
        }
        if (random.nextInt(3) == 0) {
            loss += " + 0.1 * sum(" + scalarOf(h, hidden) + " * " + x + ")"; // a scalar broadcast over a vector
        }
        lines.add("loss = " + loss);
        lines.add("train { optimizer = " + OPTIMIZERS[random.nextInt(OPTIMIZERS.length)] + " batch = "
                + (1 + random.nextInt(6)) + " shuffle = " + random.nextBoolean() + " seed = " + random.nextInt(100) + " }");
        StringBuilder s = new StringBuilder("model ").append(modelName).append(" {\n");
        for (String line : lines) {
            s.append("    ").append(line).append('\n');
        }
        return s.append("}\n").toString();
    }

    /** A vector of length {@code n} computed from vector {@code v} of length {@code m}. */
    private String vectorFrom(String v, int m, int n, int depth) {
        String w = param(n, m);
        String linear = switch (random.nextInt(4)) {
            case 0 -> w + " @ " + v + " + " + param(0, n);
            case 1 -> "transpose(" + param(m, n) + ") @ " + v;
            case 2 -> v + " @ " + param(m, n) + " + " + w + " @ " + v; // vector @ matrix, and a tied weight
            default -> w + " @ " + v;
        };
        String activated = activation(linear, n);
        if (depth > 1 && random.nextBoolean()) {
            String mid = value(activated, n);
            return vectorFrom(mid, n, n, depth - 1);
        }
        if (random.nextInt(4) == 0) {
            activated = "(" + activated + ") * " + scalarOf(v, m);
        }
        if (random.nextInt(5) == 0) {
            Term matrix = terms.stream().filter(t -> t.rows() > 0 && !t.param()).findFirst().orElse(null);
            if (matrix != null) {
                activated += " + sum(" + matrix.name() + ", 0)[0] * " + param(0, n);
            }
        }
        return activated;
    }

    private String activation(String e, int n) {
        return switch (random.nextInt(14)) {
            case 0 -> "tanh(" + e + ")";
            case 1 -> "sigmoid(" + e + ")";
            case 2 -> "relu(" + e + ")";
            case 3 -> "softplus(" + e + ")";
            case 4 -> "leaky_relu(" + e + ", 0.1)";
            case 5 -> "elu(" + e + ", 0.7)";
            case 6 -> "softmax(" + e + ")";
            case 7 -> "log_softmax(" + e + ")";
            case 8 -> "exp(-square(" + e + "))";
            case 9 -> "sqrt(square(" + e + ") + 1)";
            case 10 -> "log(softplus(" + e + ") + 0.5)";
            case 11 -> "max(" + e + ", " + param(0, n) + ")";
            case 12 -> "(" + e + ") / (1 + square(" + param(0, n) + "))";
            default -> "sin(" + e + ") + cos(" + e + ")";
        };
    }

    /** A scalar computed from a vector {@code v} of length {@code m}. */
    private String scalarOf(String v, int m) {
        return switch (random.nextInt(6)) {
            case 0 -> "sum(" + v + ")";
            case 1 -> "mean(" + v + ")";
            case 2 -> "dot(" + v + ", " + param(0, m) + ")";
            case 3 -> v + "[" + random.nextInt(m) + "]";
            case 4 -> "logsumexp(" + v + ")";
            default -> param(0, 0);
        };
    }

    private String target(int n) {
        Term t = terms.stream().filter(x -> x.name().startsWith("#target") && x.cols() == n).findFirst().orElse(null);
        if (t != null) {
            return t.name().substring("#target".length());
        }
        String name = name();
        lines.add("target " + name + "[" + n + "]");
        terms.add(new Term("#target" + name, 0, n, false));
        return name;
    }

    /** A named value (sometimes a const-shaped one is reused); returns its name. */
    private String value(String expr, int n) {
        String name = name();
        lines.add(name + " = " + expr);
        terms.add(new Term(name, 0, n, false));
        return name;
    }

    /** An existing parameter of this shape (tied weights) or a new one. rows 0: a vector; both 0: a scalar. */
    private String param(int rows, int cols) {
        for (Term t : terms) {
            if (t.param() && t.rows() == rows && t.cols() == cols && random.nextInt(3) == 0) {
                return t.name();
            }
        }
        String name = name();
        String init = switch (random.nextInt(5)) {
            case 0 -> rows > 0 ? " init xavier_uniform" : " init normal(0, 0.5)";
            case 1 -> " init uniform(-0.5, 0.5)";
            case 2 -> rows > 0 ? " init kaiming_normal" : " init constant(0.1)";
            default -> rows == 0 && cols == 0 ? " = 0.3" : rows > 0 ? "" : " init normal(0, 0.3)";
        };
        String dims = rows > 0 ? "[" + rows + ", " + cols + "]" : cols > 0 ? "[" + cols + "]" : "";
        lines.add("param " + name + dims + init);
        terms.add(new Term(name, rows, cols, true));
        params.add(name);
        return name;
    }

    private String declare(String kind, int rows, int cols) {
        String name = name();
        String dims = cols > 0 ? "[" + rows + ", " + cols + "]" : rows > 0 ? "[" + rows + "]" : "";
        lines.add(kind + " " + name + dims);
        terms.add(new Term(name, cols > 0 ? rows : 0, cols > 0 ? cols : rows, false));
        return name;
    }

    /** A fresh name: often a hostile one, else an ordinary one. */
    private String name() {
        for (int tries = 0; tries < 5 && random.nextInt(3) != 0; tries++) {
            String h = pick(HOSTILE);
            if (used.add(h)) {
                return h;
            }
        }
        String n;
        do {
            n = "v" + fresh++;
        } while (!used.add(n));
        return n;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
