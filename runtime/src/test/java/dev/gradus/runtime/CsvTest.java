package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    private static final List<TensorSpec> FIELDS = List.of(new TensorSpec("x", 2), new TensorSpec("label", new int[0], 3));

    private static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsColumnsByNameInAnyOrderIgnoringExtras(@TempDir Path dir) throws IOException {
        DataSet d = Csv.read(write(dir, "label,extra,x[1],x[0]\n2,9,\"0.5\",1.5\n0,9,3,4\n"), FIELDS);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.rows("x")[0]).containsExactly(1.5, 0.5);
        assertThat(d.rows("label")[1]).containsExactly(0.0);
    }

    @Test
    void acceptsAByteOrderMarkAndWindowsLineEnds(@TempDir Path dir) throws IOException {
        DataSet d = Csv.read(write(dir, "\uFEFFx[0],x[1],label\r\n1,2,0\r\n3,4,1\r\n"), FIELDS);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.rows("x")[1]).containsExactly(3.0, 4.0);
    }

    @Test
    void namesFileLineAndColumnOfEveryProblem(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Csv.read(write(dir, "x[0],label\n1,0\n"), FIELDS)).hasMessageContaining("d.csv:1:1: missing column 'x[1]'");
        assertThatThrownBy(() -> Csv.read(write(dir, "x[0],x[1],label\n1,2,0\n1,zz,0\n"), FIELDS))
                .hasMessageContaining("d.csv:3:3: column 'x[1]': 'zz' is not a number");
        assertThatThrownBy(() -> Csv.read(write(dir, "x[0],x[1],label\n1,2\n"), FIELDS)).hasMessageContaining("d.csv:2:").hasMessageContaining("short row");
        assertThatThrownBy(() -> Csv.read(write(dir, "x[0],x[1],label\n1,2,3\n"), FIELDS))
                .hasMessageContaining("d.csv:2:5: column 'label': class 3 is out of range 0..2");
        assertThatThrownBy(() -> Csv.read(dir.resolve("none.csv"), FIELDS)).hasMessageContaining("none.csv: no such file");
    }
}
