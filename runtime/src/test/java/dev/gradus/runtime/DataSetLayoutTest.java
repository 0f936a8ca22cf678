package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A field is the same numbers flat or as rows, whichever way it was made and asked for. */
class DataSetLayoutTest {
    @Test
    void flatFieldsBecomeRowsOnce() {
        DataSet d = DataSet.ofValues(List.of("x", "y"), new int[] {2, 1}, new double[][] {{1, 2, 3, 4, 99, 99}, {5, 6, 99}}, 2);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.width("x")).isEqualTo(2);
        assertThat(d.rows("x")).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
        assertThat(d.rows("x")).isSameAs(d.rows("x"));
        assertThat(d.values("x")).startsWith(1, 2, 3, 4);
        assertThat(d.values("x")).isSameAs(d.values("x"));
        assertThat(d.rows("x")).isSameAs(d.rows("x"));
        assertThat(d.values("y")).startsWith(5, 6);
        assertThat(d.rows("y")).isDeepEqualTo(new double[][] {{5}, {6}});
    }

    @Test
    void rowsBecomeFlat() {
        DataSet d = new DataSet(List.of("x"), new double[][][] {{{1, 2}, {3, 4}, {5, 6}}});
        assertThat(d.values("x")).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.width("x")).isEqualTo(2);
        assertThatThrownBy(() -> d.values("z")).hasMessage("the data has no field 'z'");
        assertThatThrownBy(() -> DataSet.ofValues(List.of("x"), new int[] {2}, new double[][] {{1, 2, 3}}, 2))
                .hasMessage("field 'x' has fewer than 2 examples");
    }

    @Test
    void theFloatCopyIsMadeOnceAndRoundsEachNumber() {
        DataSet d = new DataSet(List.of("x"), new double[][][] {{{0.1, 1e-50}, {3, 1e300}}});
        float[] f = d.floatValues("x");
        assertThat(f).containsExactly(0.1f, 0f, 3f, Float.POSITIVE_INFINITY);
        assertThat(d.floatValues("x")).isSameAs(f);
        assertThat(d.rows("x")).isDeepEqualTo(new double[][] {{0.1, 1e-50}, {3, 1e300}}); // the doubles stay
        assertThat(d.floatValues("x")).isSameAs(f);
        assertThatThrownBy(() -> d.floatValues("z")).hasMessage("the data has no field 'z'");
    }

    @Test
    void csvReadsFlat(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("d.csv");
        StringBuilder s = new StringBuilder("y,x[1],x[0]\n");
        for (int i = 0; i < 1000; i++) {
            s.append(i % 3).append(',').append(i + 0.5).append(',').append(-i).append('\n');
        }
        Files.writeString(f, s);
        DataSet d = Csv.read(f, List.of(new TensorSpec("x", 2), new TensorSpec("y", new int[0], 3)));
        double[] x = d.values("x");
        assertThat(x.length).isGreaterThanOrEqualTo(2000);
        for (int i = 0; i < 1000; i++) {
            assertThat(x[2 * i]).isEqualTo(-i);
            assertThat(x[2 * i + 1]).isEqualTo(i + 0.5);
            assertThat(d.rows("y")[i][0]).isEqualTo(i % 3);
        }
    }
}
