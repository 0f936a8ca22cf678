package dev.gradus.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin-generated trainers compile into a user's project and train. */
class GeneratedExamplesTest {

    @Test
    void simpleNetLearnsTwiceX() {
        SimpleNet net = new SimpleNet();
        DataSet data = new DataSet(List.of("x", "y"), new double[][][] {
                {{1}, {2}, {3}, {4}}, {{2}, {4}, {6}, {8}}});
        double[] log = net.fit(data, 100, 4, false, 0, TrainingListener.NONE);
        assertThat(log[99]).isLessThan(log[0]);
    }

    @Test
    void xorMlpLearnsXor() {
        XorMlp xor = new XorMlp();
        DataSet data = new DataSet(List.of("x", "y"), new double[][][] {
                {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, {{0}, {1}, {1}, {0}}});
        double[] log = xor.fit(data, 2000, 4, false, 0, TrainingListener.NONE);
        assertThat(log[1999]).isLessThan(0.1);
    }
}
