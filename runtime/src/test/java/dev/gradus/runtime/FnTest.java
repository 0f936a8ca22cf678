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

    @org.junit.jupiter.api.Test
    void theBranchFreeArrayFlushAgreesWithFlushOnEveryKindOfNumber() {
        float[] fs = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Math.nextDown(Float.MIN_NORMAL), -Math.nextDown(Float.MIN_NORMAL),
            Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-30f, -7f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.NaN, Float.intBitsToFloat(0x7FC0_1234), Float.intBitsToFloat(0xFF80_0001)};
        float[] flushed = fs.clone();
        Fn.flushSubnormals(flushed);
        for (int i = 0; i < fs.length; i++) {
            float want = Math.abs(fs[i]) < Float.MIN_NORMAL ? 0f : fs[i];
            org.assertj.core.api.Assertions.assertThat(Float.floatToRawIntBits(flushed[i])).as("flush of %s", fs[i])
                    .isEqualTo(Float.floatToRawIntBits(want));
        }
        double[] ds = {0.0, -0.0, Double.MIN_VALUE, -Math.nextDown(Double.MIN_NORMAL), Double.MIN_NORMAL, -Double.MIN_NORMAL,
            1e-300, -7.0, Double.MAX_VALUE, Double.NEGATIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0xFFF0_0000_0000_0001L)};
        double[] flushedD = ds.clone();
        Fn.flushSubnormals(flushedD);
        for (int i = 0; i < ds.length; i++) {
            double want = Math.abs(ds[i]) < Double.MIN_NORMAL ? 0.0 : ds[i];
            org.assertj.core.api.Assertions.assertThat(Double.doubleToRawLongBits(flushedD[i])).as("flush of %s", ds[i])
                    .isEqualTo(Double.doubleToRawLongBits(want));
        }
    }

    @Test
    void widenIsTheConversionForEveryKindOfFloat() {
        for (long bits = 0; bits <= 0xFFFF_FFFFL; bits += 991) { // every exponent, both signs, fractions spread over each
            float x = Float.intBitsToFloat((int) bits);
            org.assertj.core.api.Assertions.assertThat(Double.doubleToRawLongBits(Fn.widen(x))).as("widen(%s)", x)
                    .isEqualTo(Double.doubleToRawLongBits(x));
        }
        for (float x : new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x007F_FFFF), Float.intBitsToFloat(0x3F80_0001)}) {
            org.assertj.core.api.Assertions.assertThat(Double.doubleToRawLongBits(Fn.widen(x))).as("widen(%s)", x)
                    .isEqualTo(Double.doubleToRawLongBits(x));
        }
        org.assertj.core.api.Assertions.assertThat(Fn.widen(Float.NaN)).isNaN();
    }

    @org.junit.jupiter.api.Test
    void floatExpIsJavasExpRoundedToFloatButForRareOneUlpMisses() {
        long differ = 0;
        long checked = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int bits = 0; ; bits += 331) {
                float x = Float.intBitsToFloat(bits | sign << 31);
                if (Math.abs(x) > 104f) {
                    break;
                }
                int want = Float.floatToRawIntBits((float) Math.exp(x));
                int got = Float.floatToRawIntBits(Fn.exp(x));
                org.assertj.core.api.Assertions.assertThat(Math.abs(got - want)).as("exp(%s) in ulps", x).isLessThanOrEqualTo(1);
                differ += got != want ? 1 : 0;
                checked++;
            }
        }
        org.assertj.core.api.Assertions.assertThat(differ).as("misses of %s", checked).isLessThan(checked / 10_000);
        for (float x : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.72283f, 88.72284f, 89f, 1e30f,
            -1e30f, -87.3f, -103.28f, -103.98f, -104f, 0f, -0f, Float.MIN_VALUE}) {
            org.assertj.core.api.Assertions.assertThat(Float.floatToIntBits(Fn.exp(x))).as("exp(%s)", x)
                    .isEqualTo(Float.floatToIntBits((float) Math.exp(x)));
        }
        for (double x : new double[] {-745, -700.5, 700.5, 710, Double.NaN}) {
            double e = Fn.expForFloat(x);
            org.assertj.core.api.Assertions.assertThat(Float.floatToIntBits((float) e)).as("expForFloat(%s)", x)
                    .isEqualTo(Float.floatToIntBits((float) Math.exp(x)));
        }
    }
}
