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

    /**
     * A named pipe (as bash's {@code <(...)} and a piped {@code /dev/stdin} are) is read as a file is: Java 17's
     * channel stream asked the pipe its position and failed with "Illegal seek".
     */
    @Test
    void aNamedPipeIsRead(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
                "mkfifo is not available here");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, "x[0],x[1],label\n1,2,0\n3,4,2\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        DataSet d = Csv.read(fifo, FIELDS);
        writer.join();
        assertThat(d.size()).isEqualTo(2);
        assertThat(java.util.Arrays.copyOf(d.values("label"), 2)).containsExactly(0, 2);
    }

    @Test
    void aMissingColumnNamesAScalarFieldWithoutBrackets(@TempDir Path dir) throws IOException {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Csv.read(write(dir, "x[0],x[1]\n1,2\n"), FIELDS)))
                .hasMessageEndingWith(":1:1: missing column 'label' (for label); the header has x[0], x[1]");
    }
}
