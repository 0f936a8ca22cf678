package dev.gradus.compiler.check;

import dev.gradus.compiler.ir.Conv;
import dev.gradus.compiler.ir.ConvInputGrad;
import dev.gradus.compiler.ir.ConvKernelGrad;
import dev.gradus.compiler.ir.EmbeddingGrad;
import dev.gradus.compiler.ir.Expand;
import dev.gradus.compiler.ir.OneHot;
import dev.gradus.compiler.ir.PoolGrad;
import dev.gradus.compiler.ir.Scatter;
import dev.gradus.compiler.ir.Dropout;
import dev.gradus.compiler.ir.Embedding;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.Ops;
import dev.gradus.compiler.ir.Pool;
import dev.gradus.compiler.ir.Reduce;
import dev.gradus.compiler.ir.Reshape;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.compiler.ir.Signature;
import dev.gradus.compiler.ir.VectorOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions users call. A function that is one op takes its signature from the op's definition
 * ({@link Ops#named()}) and makes that op, so a new op is callable as soon as it is defined; the
 * functions built from several ops (a mean, the losses) are each one entry here, with what they
 * make beside their signature. There is no fallback: a name is one of these or an error.
 */
final class Builtins {
    private Builtins() {}

    /** A call bound to its function's parameters. */
    interface Call {
        /** A tensor argument's node (never null: calls with an error in an argument are not made). */
        Node node(String param);

        /** A compile-time constant argument's value, or its default. */
        double constant(String param);

        /** A constant given as a list of two, one per axis ({@code output_padding = [1, 0]}), or null. */
        double[] pair(String param);

        /** A shape argument's value ({@code reshape}'s {@code [2, 3]}). */
        Shape shape(String param);

        /** Where the call is written, for errors. */
        dev.gradus.compiler.diag.Position at();

        /** Whether a tensor argument that may be left out was given. */
        boolean has(String param);

        /** Whether the call writes this argument (a constant left out takes its default). */
        boolean written(String param);

        /** Reports an error at the call; null. */
        Node error(String message);

        /** Applies an op, reporting a shape error at the call. */
        Node apply(Op op, List<Node> args);
    }

    /** What a call of a function makes: a node, or null after reporting an error. */
    interface Make {
        Node make(Call call, Expressions expressions);
    }

    record Function(Signature signature, Make make) {}

    /** Every function, by name, in the order the reference documents them. */
    static final Map<String, Function> FUNCTIONS = new LinkedHashMap<>();

    static {
        List<Function> composites = new ArrayList<>(List.of(
                new Function(Reduce.ALL.signature(), (c, x) -> x.reduce(c, false)),
                new Function(Signature.of("mean", "x").withConstant("axis", -1.0), (c, x) -> x.reduce(c, true)),
                // the reshape to a vector of as many elements as the argument has
                new Function(Signature.of("flatten", "x"),
                        (c, x) -> c.apply(new Reshape(Shape.vector(c.node("x").shape().size())), List.of(c.node("x")))),
                new Function(Signature.of("reshape", "x", "shape"), (c, x) -> c.apply(new Reshape(c.shape("shape")), List.of(c.node("x"))))));
        composites.add(new Function(Embedding.INSTANCE.signature(), (c, x) -> x.embedding(c)));
        // each call its own masks: the op carries the call's number in the model
        composites.add(new Function(new Dropout(0, 0).signature(),
                (c, x) -> c.apply(new Dropout(c.constant("p"), x.dropoutSite()), List.of(c.node("x")))));
        composites.add(new Function(Signature.of("layer_norm", "x", "g", "b").withConstant("eps", 1e-5), (c, x) -> x.composites().layerNorm(c)));
        for (int dims = 1; dims <= 2; dims++) { // the window layers: optional bias, integer constants
            int d = dims;
            composites.add(new Function(new Conv(d, 1, 0, true).signature(), (c, x) -> Layers.conv(c, d)));
            for (Pool.Kind kind : List.of(Pool.Kind.MAX, Pool.Kind.AVG)) {
                composites.add(new Function(new Pool(kind, d, 2, 2).signature(), (c, x) -> Layers.pool(c, kind, d)));
            }
        }
        for (int dims = 1; dims <= 2; dims++) { // the derivatives grad prints, so that its output parses back
            int d = dims;
            Shape x = d == 1 ? Shape.of(1, 1) : Shape.of(1, 1, 1);
            composites.add(new Function(new ConvInputGrad(d, 1, 0, x).signature(), (c, e) -> Adjoints.convTranspose(c, d)));
            composites.add(new Function(new ConvKernelGrad(d, 1, 0, x).signature(), (c, e) -> Adjoints.correlate(c, d)));
            for (Pool.Kind kind : List.of(Pool.Kind.MAX, Pool.Kind.AVG)) {
                composites.add(new Function(new PoolGrad(kind, d, 1, 1, x).signature(), (c, e) -> Adjoints.poolGrad(c, kind, d)));
            }
            composites.add(new Function(new Pool(Pool.Kind.AT_MAX, d, 1, 1).signature(), (c, e) -> Adjoints.poolAt(c, d)));
        }
        composites.add(new Function(new EmbeddingGrad(1).signature(), (c, e) -> Adjoints.embeddingGrad(c)));
        composites.add(new Function(new OneHot(1).signature(), (c, e) -> Adjoints.oneHot(c)));
        composites.add(new Function(new Scatter(Shape.vector(1), 0, -1).signature(), (c, e) -> Adjoints.scatter(c)));
        composites.add(new Function(new Expand(Shape.vector(1), -1).signature(), (c, e) -> Adjoints.expand(c)));
        for (VectorOp v : VectorOp.values()) { // over a vector, or along an axis of a matrix
            composites.add(new Function(v.signature(), (c, x) -> x.alongAxis(c, v)));
        }
        for (Op op : Ops.named()) {
            Signature s = op.signature();
            if (composites.stream().anyMatch(f -> f.signature().name().equals(s.name()))) {
                continue; // sum (with the checks of an axis a user writes), flatten (its shape from its argument's), reshape (a shape argument)
            }
            FUNCTIONS.put(s.name(), new Function(s, (c, x) -> {
                List<Node> args = new ArrayList<>();
                List<Double> constants = new ArrayList<>();
                for (String p : s.params()) {
                    if (s.constants().contains(p)) {
                        constants.add(c.constant(p));
                    } else {
                        args.add(c.node(p));
                    }
                }
                return c.apply(op.withConstants(constants), args);
            }));
        }
        for (Function f : composites) {
            FUNCTIONS.put(f.signature().name(), f);
        }
        for (Loss loss : Loss.values()) {
            FUNCTIONS.put(loss.signature().name(), new Function(loss.signature(), (c, x) -> x.composites().loss(c, loss)));
        }
    }
}
