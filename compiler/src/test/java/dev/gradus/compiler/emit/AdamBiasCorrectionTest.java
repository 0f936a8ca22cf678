package dev.gradus.compiler.emit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Adam's bias corrections skip Math.pow only where 1 - beta^step is exactly 1, so the numbers are torch's. */
class AdamBiasCorrectionTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.95, 0.99, 0.999, 0.9999, 1e-300})
    void fromTheSaturationStepOnOneMinusThePowerIsOne(double beta) {
        long from = UpdateRule.Adam.saturation(beta);
        assertThat(Math.pow(beta, from)).isLessThan(0x1p-60);
        assertThat(1 - Math.pow(beta, from)).isEqualTo(1.0);
        assertThat(1 - Math.pow(beta, from + 1_000_000)).isEqualTo(1.0);
        if (from > 1) {
            assertThat(Math.pow(beta, from - 1)).isGreaterThanOrEqualTo(0x1p-60);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0})
    void aZeroBetaSaturatesAtOnce(double beta) {
        assertThat(UpdateRule.Adam.saturation(beta)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.99999999999999})
    void aBetaOfOneOrNearlyOneAlwaysCallsPow(double beta) {
        assertThat(UpdateRule.Adam.saturation(beta)).isEqualTo(Long.MAX_VALUE);
    }
}
