package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Numbers in messages as a .net or data file writes them, and tensors named as the language names them. */
class NumbersWrittenTest {

    @Test
    void numbersAreWrittenAsAFileWritesThem() {
        assertThat(List.of(3.0, -2.0, 0.5, 1e-4, 1e-6, 2.5e-12, 1e30, 0.1 + 0.2, Double.NaN, Double.NEGATIVE_INFINITY)
                .stream().map(Numbers::written).toList())
                .containsExactly("3", "-2", "0.5", "0.0001", "1e-6", "2.5e-12", "1e30", "0.30000000000000004", "NaN", "-Infinity");
    }

    @Test
    void aScalarIsNamedWithoutBrackets() {
        assertThat(new TensorSpec("w").toString()).isEqualTo("w");
        assertThat(new TensorSpec("x", 4).toString()).isEqualTo("x[4]");
        assertThat(new TensorSpec("W", 2, 3).toString()).isEqualTo("W[2, 3]");
    }
}
