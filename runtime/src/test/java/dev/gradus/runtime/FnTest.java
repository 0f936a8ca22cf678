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

    @Test
    void reluAndItsStepHaveNoBranchButTheSameValues() {
        double[] doubles = {Double.MIN_VALUE, -Double.MIN_VALUE, 0.0, -0.0, 1e-310, 3, -3, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_NORMAL};
        for (double x : doubles) {
            assertThat(Fn.heaviside(x)).as("heaviside(%s)", x).isEqualTo(x > 0 ? 1.0 : 0.0);
            assertThat(Fn.relu(x)).as("relu(%s)", x).isEqualTo(x > 0 ? x : 0.0);
            float f = (float) x;
            assertThat(Fn.heaviside(f)).as("heaviside(%sf)", f).isEqualTo(f > 0 ? 1f : 0f);
            assertThat(Fn.relu(f)).as("relu(%sf)", f).isEqualTo(f > 0 ? f : 0f);
        }
        assertThat(Fn.heaviside(Float.MIN_VALUE)).isEqualTo(1f);
        assertThat(Double.doubleToRawLongBits(Fn.relu(-0.0))).as("relu(-0) is +0").isZero();
    }

    @org.junit.jupiter.api.Test
    void flushTakesSubnormalsToZeroAndKeepsEverythingElse() {
        for (float x : new float[] {1e-39f, -1e-39f, Float.MIN_VALUE, Math.nextDown(Float.MIN_NORMAL)}) {
            org.assertj.core.api.Assertions.assertThat(Math.abs(Fn.flush(x))).isZero();
        }
        float justNormal = Math.nextUp(Float.MIN_NORMAL);
        for (float x : new float[] {Float.MIN_NORMAL, justNormal, -justNormal, 1f, -3.5f, Float.MAX_VALUE, Float.NEGATIVE_INFINITY}) {
            org.assertj.core.api.Assertions.assertThat(Fn.flush(x)).isEqualTo(x);
        }
        org.assertj.core.api.Assertions.assertThat(Fn.flush(Float.NaN)).isNaN();
        org.assertj.core.api.Assertions.assertThat(Math.abs(Fn.flush(1e-310))).isZero();
        double justNormalD = Math.nextUp(Double.MIN_NORMAL);
        for (double x : new double[] {justNormalD, -justNormalD, 1.5, -Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
            org.assertj.core.api.Assertions.assertThat(Fn.flush(x)).isEqualTo(x);
        }
        org.assertj.core.api.Assertions.assertThat(Fn.flush(Double.NaN)).isNaN();
        float[] state = {1e-39f, 0.5f, -1e-40f, Float.MIN_NORMAL, 1e-39f};
        Fn.flushSubnormals(state, 0, 4);
        org.assertj.core.api.Assertions.assertThat(state).containsExactly(0f, 0.5f, 0f, Float.MIN_NORMAL, 1e-39f);
        double[] d = {1e-310, -2.0, -1e-320};
        Fn.flushSubnormals(d);
        org.assertj.core.api.Assertions.assertThat(d).containsExactly(0.0, -2.0, 0.0);
    }
}
