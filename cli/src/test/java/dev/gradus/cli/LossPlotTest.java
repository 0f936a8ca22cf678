package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The loss chart's log axis: decades written short, and about ten of them labelled however many the losses span. */
class LossPlotTest {

    @Test
    void aFewDecadesAreEachLabelledAsANumberOrAPowerOfTen() {
        Function<Double, String> label = LossPlot.decades(LossPlot.Range.of(new double[] {0.7, 2e-4}, null));
        assertThat(List.of(1.0, 0.1, 0.01, 1e-3, 1e-4).stream().map(label).toList())
                .containsExactly("1", "0.1", "0.01", "0.001", "1e-4");
        assertThat(label.apply(1e5)).isEqualTo("1e+5");
        assertThat(label.apply(100.0)).isEqualTo("100");
    }

    @Test
    void aDivergedRunsDozensOfDecadesGetAboutTenLabelsNotThirtyDigitNumbers() {
        Function<Double, String> label = LossPlot.decades(LossPlot.Range.of(new double[] {7.5, 1.7e7, 3.8e13, 8.5e19, 1.9e26, 4.3e32}, null));
        List<String> shown = new ArrayList<>();
        for (int e = 0; e <= 33; e++) {
            String s = label.apply(Math.pow(10, e) * (1 - 1e-15)); // XChart's ticks are not exact powers of ten
            if (!s.isEmpty()) {
                shown.add(s);
            }
        }
        assertThat(shown).hasSizeBetween(8, 12).contains("1", "1e+32").allMatch(s -> s.length() <= 5);
    }
}
