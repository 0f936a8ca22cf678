package dev.gradus.compiler.lower;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.ir.CheckedModel;
import org.junit.jupiter.api.Test;

/**
 * The work per example that decides whether batches are split: an embedding table that is only
 * gathered costs the rows read (twice: the read, and the add into its gradient), not a product with
 * the whole table; a table that is also multiplied is a weight like any other; and every parameter
 * element costs the batch's share of the optimizer step, which updates a whole table however few
 * rows a batch gathered.
 */
class FlopsTest {
    private static final String BAG = """
            model Bag {
                input  tokens[12] : class(VOCAB)
                input  topic : class(VOCAB)
                target label : class(3)
                param E[VOCAB, 16]
                param W[3, 16]
                param b[3]
                h = mean(embedding(E, tokens), 0) + embedding(E, topic)
                z = EXPR
                loss = cross_entropy(z, label)
                train { optimizer = sgd(lr = 0.1) batch = 32 }
            }
            """;

    private static Schedule schedule(int vocab, String z) {
        CheckedModel m = Frontend.check(new Source("bag.net", BAG.replace("VOCAB", String.valueOf(vocab)).replace("EXPR", z))).get(0);
        return new Schedule(new Plan(m, ModelGradients.of(m)));
    }

    /** The batch's share (batch 32) of the optimizer step on a vocab x 16 table, W and b. */
    private static long update(int vocab) {
        return Flops.UPDATE * (vocab * 16L + 3 * 16 + 3) / 32;
    }

    @Test
    void aGatheredTableCountsTheRowsItReadsWhateverItsSize() {
        long rowsRead = 12 * 16 + 16; // tokens' rows and the topic's
        long expected = 2 * rowsRead + 6 * (3 * 16);
        Schedule small = schedule(600, "W @ h + b");
        Schedule large = schedule(100_000, "W @ h + b");
        assertThat(small.flopsPerExample()).isEqualTo(expected + update(600));
        assertThat(large.flopsPerExample()).as("a table of 100,000 rows reads 13 of them, and updates all").isEqualTo(expected + update(100_000));
        assertThat(small.parallel()).as("3,116 flops an example: one thread").isFalse();
        assertThat(large.parallel()).as("the update of 1.6 million elements a step is shared by rows").isTrue();
    }

    @Test
    void aTableThatIsAlsoMultipliedCountsAsAWeight() {
        // E also multiplies h (its 600 products summed into every logit): a weight like any other
        Schedule tied = schedule(600, "W @ h + b + sum(E @ h)");
        assertThat(tied.flopsPerExample()).isEqualTo(2 * (12 * 16 + 16) + 6 * (600 * 16 + 3 * 16) + update(600));
        assertThat(tied.parallel()).isTrue();
    }
}
