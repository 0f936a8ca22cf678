package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FnTest {
    @Test
    void floatTanhIsAsGoodAsRoundingTheExactOne() {
        for (double x = -20; x <= 20; x += 0.000731) {
            float exact = (float) Math.tanh(x);
            float fast = Fn.tanh((float) x);
            assertThat(Math.abs(fast - exact)).as("tanh(%s)", (float) x).isLessThanOrEqualTo(Math.ulp(exact));
        }
        assertThat(Fn.tanh(0f)).isZero();
        assertThat(Fn.tanh(1e-30f)).isEqualTo(1e-30f);
    }

    @Test
    void derivativeHelpersFollowPyTorch() {
        assertThat(Fn.relu(0.0)).isZero();
        assertThat(Fn.heaviside(0.0)).isZero();
        assertThat(Fn.sign(0.0)).isZero();
        assertThat(Fn.bce(0.0, 1.0)).isEqualTo(100.0);
        assertThat(Fn.bce_logits(1000.0, 1.0)).isEqualTo(0.0);
    }
}
