package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineTest {
    @Test
    void aTestOnlyModelFitsALine() {
        Line line = new Line();
        DataSet data = new DataSet(List.of("x", "y"), new double[][][] {
                {{0}, {1}, {2}, {3}}, {{1}, {3}, {5}, {7}}});
        line.fit(data, 200, TrainingListener.NONE);
        double[] y = new double[1];
        line.predict(data, 3, y);
        assertEquals(7.0, y[0], 0.05);
    }
}
