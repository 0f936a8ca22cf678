package demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;

class XorTest {
    @Test
    void theGeneratedTrainerLearnsXor() {
        Xor xor = new Xor();
        DataSet data = new DataSet(List.of("x", "y"), new double[][][] {
                {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, {{0}, {1}, {1}, {0}}});
        double[] log = xor.fit(data, 500, 4, false, 1, TrainingListener.NONE);
        assertTrue(log[499] < 0.1, "final loss " + log[499]);
        double[] p = new double[1];
        xor.predict(data, 1, p);
        assertTrue(p[0] > 0.5, "xor(0, 1) = " + p[0]);
    }
}
