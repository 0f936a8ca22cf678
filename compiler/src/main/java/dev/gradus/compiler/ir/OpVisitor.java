package dev.gradus.compiler.ir;

/**
 * A pass over ops, one method per kind of op: adding a kind to {@link Op} adds a method here, and
 * every pass that dispatches on ops (the evaluator, the emitter's element expressions) stops
 * compiling until it handles it, instead of silently computing nothing.
 */
public interface OpVisitor<R> {
    R elementwise(Elementwise op);

    R linAlg(LinAlg op);

    R reduce(Reduce op);

    R expand(Expand op);

    R vectorOp(VectorOp op);

    R index(Index op);

    R scatter(Scatter op);

    R pick(Pick op);

    R oneHot(OneHot op);

    R reshape(Reshape op);

    R alongAxis(AlongAxis op);

    R embedding(Embedding op);

    R embeddingGrad(EmbeddingGrad op);

    R dropout(Dropout op);
}
