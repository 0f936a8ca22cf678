package dev.gradus.compiler.check;

import dev.gradus.compiler.ir.Dropout;
import dev.gradus.compiler.ir.Embedding;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Op;
import dev.gradus.compiler.ir.Ops;
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

        /** A shape argument's value ({@code reshape}'s {@code [2, 3]}). */
        Shape shape(String param);

        /** Where the call is written, for errors. */
        dev.gradus.compiler.diag.Position at();

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
        composites.add(new Function(Signature.of("layer_norm", "x", "g", "b").withConstant("eps", 1e-5), (c, x) -> x.layerNorm(c)));
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
            FUNCTIONS.put(loss.signature().name(), new Function(loss.signature(), (c, x) -> x.loss(c, loss)));
        }
    }
}
