package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.lower.Gradient;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Rng;
import dev.gradus.runtime.Trainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An embedding table's gradient is written only in the rows a batch uses, added in by each example
 * (Gradient.Scatter): after any earlier steps, or gradients set from outside, a batch's
 * gradient is bit for bit what a fresh trainer computes on it; and training on 1, 2, 3 and 8 threads
 * (the table's rows split between them) ends with the same parameters. With a regularizer on the
 * table every row has a gradient, and the whole table is written each step.
 */
class EmbeddingGradientTest {
    /**
     * Two uses of the table (a vector of tokens and one topic), and a hidden layer wide enough for
     * batches of 32 to be split between threads (the table alone, a gather, is too little work).
     */
    private static final String NET = """
            model Bag {
                input  tokens[12] : class(600)
                input  topic : class(600)
                target label : class(3)
                param E[600, 16]  init normal(0, 1)
                param V[1024, 16]
                param c[1024]
                param W[3, 1024]
                param b[3]
                h = mean(embedding(E, tokens), 0) + embedding(E, topic)
                z = W @ tanh(V @ h + c) + b
                loss = cross_entropy(z, label)REGULARIZER
                train { optimizer = sgd(lr = 0.1, momentum = 0.9) batch = 32 }
            }
            """;

    private static Trainer trainer(String regularizer, Precision precision) {
        CheckedModel model = Frontend.check(new Source("bag.net", NET.replace("REGULARIZER", regularizer))).get(0);
        return TrainerLoader.load(Compiler.emit(model, "test.embedding", precision), 64); // 64: enough to share between threads
    }

    @ParameterizedTest
    @CsvSource({"'',DOUBLE", "'',FLOAT", "' + 0.001 * sum(E ^ 2)',DOUBLE"})
    void aBatchsGradientOwesNothingToEarlierBatches(String regularizer, Precision precision) {
        Trainer used = trainer(regularizer, precision);
        Trainer fresh = trainer(regularizer, precision);
        DataSet data = DataSet.random(used.inputs(), used.targets(), 320, new Rng(5));
        used.initialize(3);
        for (int from = 0; from + 32 <= 320; from += 32) {
            used.step(data, null, from, 32);
        }
        double[] p = new double[used.parameterSize()];
        used.getParameters(p);
        fresh.setParameters(p);
        assertThat(gradient(used, data, 40, 7)).isEqualTo(gradient(fresh, data, 40, 7));

        double[] noise = new double[used.parameterSize()];
        Rng rng = new Rng(9);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = rng.normal(0, 1);
        }
        used.setGradients(noise); // every row non-zero: the next batch must not keep any of it
        assertThat(gradient(used, data, 200, 32)).isEqualTo(gradient(fresh, data, 200, 32));
        double[] g = gradient(used, data, 100, 1);
        java.util.Set<Integer> usedRows = new java.util.TreeSet<>();
        for (int k = 0; k < 12; k++) {
            usedRows.add((int) data.values("tokens")[100 * 12 + k]);
        }
        usedRows.add((int) data.values("topic")[100]);
        java.util.Set<Integer> rows = new java.util.TreeSet<>();
        for (int row = 0; row < 600; row++) {
            for (int k = 0; k < 16; k++) {
                if (g[row * 16 + k] != 0) {
                    rows.add(row);
                }
            }
        }
        assertThat(rows).as("rows of dE with a gradient after one example").hasSize(regularizer.isEmpty() ? usedRows.size() : 600);
        if (regularizer.isEmpty()) {
            assertThat(rows).isEqualTo(usedRows);
        }
    }

    private static double[] gradient(Trainer t, DataSet data, int from, int count) {
        t.lossAndGradient(data, null, from, count);
        double[] g = new double[t.parameterSize()];
        t.getGradients(g);
        return g;
    }

    @ParameterizedTest
    @CsvSource({"'',DOUBLE", "'',FLOAT", "' + 0.001 * sum(E ^ 2)',FLOAT"})
    void oneTwoThreeAndEightThreadsGiveTheSameParameters(String regularizer, Precision precision) {
        Trainer t = trainer(regularizer, precision);
        DataSet data = DataSet.random(t.inputs(), t.targets(), 320, new Rng(3));
        ThreadRuns.sameOnEveryThreadCount(precision, 11, ThreadRuns.epochs(data, 3, 32, 320, 300, 19), t);
    }
}
