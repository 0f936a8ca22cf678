package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad CSV gets one clear error naming file, line and column; a good one is read exactly. */
class CsvStrictTest {
    private static final List<TensorSpec> FIELDS = List.of(new TensorSpec("x", 2), new TensorSpec("label", new int[0], 3));

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path bytes(byte[] content) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.write(f, content);
        return f;
    }

    private void fails(String text, String message) throws IOException {
        Path f = write(text);
        assertThatThrownBy(() -> Csv.read(f, FIELDS)).isInstanceOf(DataException.class).hasMessage(f + message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "+Infinity", "inf", "-inf"})
    void nonFiniteCellsAreErrors(String cell) throws IOException {
        fails("x[0],x[1],label\n1,2,0\n3," + cell + ",1\n", ":3:3: column 'x[1]': '" + cell + "' is not a finite number; data must be finite numbers");
    }

    @Test
    void aNumberBeyondDoubleIsAnError() throws IOException {
        fails("x[0],x[1],label\n1e400,2,0\n", ":2:1: column 'x[0]': '1e400' is too large for a 64-bit number (beyond 1.8e308)");
        fails("x[0],x[1],label\n1,-2e308,0\n", ":2:3: column 'x[1]': '-2e308' is too large for a 64-bit number (beyond 1.8e308)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1f", "1d", "1.5F", "0x1p3", "0x10", "1_000", "1e", "1e+", "--1", "1.2.3", "e5", ".", "+", "1 2"})
    void javaOnlyAndMalformedNumberFormsAreRefused(String cell) throws IOException {
        Path f = write("x[0],x[1],label\n" + cell + ",2,0\n");
        assertThatThrownBy(() -> Csv.read(f, FIELDS)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(f + ":2:1: column 'x[0]': '" + cell + "' is not a number");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"-1.5|-1.5", ".5|0.5", "2.|2", "+3|3", "1E2|100", "1e-400|0", " 7 |7", "\"8\"|8", "-0|-0.0"})
    void plainDecimalFormsAreRead(String cell, double value) throws IOException {
        DataSet d = Csv.read(write("x[0],x[1],label\n" + cell + ",2,0\n"), FIELDS);
        assertThat(d.rows("x")[0][0]).isEqualTo(value);
    }

    @Test
    void aRowWithMoreCellsThanTheHeaderIsAnError() throws IOException {
        fails("x[0],x[1],label\n1,2,0\n1,2,0,9\n", ":3:7: this row has more cells than the header's 3 (columns x[0], x[1], label)");
        fails("x[0],x[1],label\n1,2,0,\n", ":2:7: this row has more cells than the header's 3 (columns x[0], x[1], label)");
    }

    @Test
    void aDuplicatedColumnNamesBothPositions() throws IOException {
        fails("x[0],x[1],label,x[1]\n1,2,0,3\n", ":1:17: column 'x[1]' appears twice: cell 2 (1:6) and cell 4 (1:17)");
        fails("id,x[0],x[1],label,id\n1,2,0,1,1\n", ":1:20: column 'id' appears twice: cell 1 (1:1) and cell 5 (1:20)");
    }

    @Test
    void aHeaderOnlyFileNamesLineTwo() throws IOException {
        fails("x[0],x[1],label\n", ":2:1: no examples after the header row");
        fails("x[0],x[1],label", ":2:1: no examples after the header row");
        fails("x[0],x[1],label\n\n  \n", ":2:1: no examples after the header row");
        fails("", ":1:1: the file is empty; expected a header row");
    }

    @Test
    void aFractionalClassLabelIsNotAnInteger() throws IOException {
        fails("x[0],x[1],label\n1,2,1.5\n", ":2:5: column 'label': class index '1.5' is not an integer");
        fails("x[0],x[1],label\n1,2,-1\n", ":2:5: column 'label': class -1 is out of range 0..2");
        assertThat(Csv.read(write("x[0],x[1],label\n1,2,2.0\n"), FIELDS).rows("label")[0]).containsExactly(2.0);
    }

    @Test
    void aFileThatIsNotUtf8NamesTheFirstBadByte() throws IOException {
        byte[] latin1 = "x[0],x[1],label,name\n1,2,0,ok\n3,4,1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = bytes(latin1);
        assertThatThrownBy(() -> Csv.read(f, FIELDS)).hasMessage(f
                + ":3:10: the file is not UTF-8: byte 0xE9 (it looks like Latin-1 or Windows-1252); save it as UTF-8");
        byte[] truncated = {'x', '[', '0', ']', ',', 'x', '[', '1', ']', ',', 'l', 'a', 'b', 'e', 'l', '\n', '1', ',', (byte) 0xC3};
        Path g = bytes(truncated);
        assertThatThrownBy(() -> Csv.read(g, FIELDS)).hasMessageStartingWith(g + ":2:3: the file is not UTF-8: byte 0xC3");
    }

    @Test
    void utf16WithAByteOrderMarkIsRead() throws IOException {
        String text = "x[0],x[1],label,note\r\n1,2,0,\u00fcber\r\n3.5,4,2,\u20ac\r\n";
        for (String charset : List.of("UTF-16LE", "UTF-16BE")) {
            byte[] body = text.getBytes(charset);
            byte[] bom = charset.endsWith("LE") ? new byte[] {(byte) 0xFF, (byte) 0xFE} : new byte[] {(byte) 0xFE, (byte) 0xFF};
            byte[] all = new byte[bom.length + body.length];
            System.arraycopy(bom, 0, all, 0, 2);
            System.arraycopy(body, 0, all, 2, body.length);
            DataSet d = Csv.read(bytes(all), FIELDS);
            assertThat(d.rows("x")[1]).as(charset).containsExactly(3.5, 4.0);
            assertThat(d.rows("label")[1]).as(charset).containsExactly(2.0);
        }
    }

    @Test
    void utf16WithoutAByteOrderMarkIsNamed() throws IOException {
        Path f = bytes("x[0],x[1],label\n1,2,0\n".getBytes(StandardCharsets.UTF_16LE));
        assertThatThrownBy(() -> Csv.read(f, FIELDS)).hasMessage(f
                + ":1:2: the file is not UTF-8 text: a NUL byte (UTF-16 without a byte order mark, or a binary file?)");
    }

    @Test
    void quotedCellsMaySpanLinesAndHoldCommasAndQuotes() throws IOException {
        DataSet d = Csv.read(write("note,x[0],x[1],label\n\"a, \"\"b\"\"\nc\",1,2,0\n\"\",\"3\",4,1\n"), FIELDS);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.rows("x")[1]).containsExactly(3.0, 4.0);
        fails("x[0],x[1],label\n1,2,0\n\"1,2,0\n", ":3:1: unterminated quote (it runs to the end of the file)");
    }

    @Test
    void linesAreCountedAcrossEveryLineEnd() throws IOException {
        fails("x[0],x[1],label\r\n1,2,0\r3,4,1\n\n5,z,2\n", ":5:3: column 'x[1]': 'z' is not a number");
    }

    @Test
    void emptyAndOverlongCellsAreErrors() throws IOException {
        fails("x[0],x[1],label\n1,,0\n", ":2:3: column 'x[1]': empty cell; expected a number");
        fails("x[0],x[1],label\n1," + "1".repeat(Csv.MAX_CELL + 1) + ",0\n",
                ":2:3: column 'x[1]': the cell is longer than " + Csv.MAX_CELL + " characters");
        // An unused column may be long: it is skipped, never held.
        assertThat(Csv.read(write("x[0],x[1],label,note\n1,2,0," + "n".repeat(100_000) + "\n"), FIELDS).size()).isEqualTo(1);
    }

    @Test
    void aDeviceOfZerosIsRefusedAtOnce() {
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            assertThatThrownBy(() -> Csv.read(zero, FIELDS)).isInstanceOf(DataException.class)
                    .hasMessageStartingWith("/dev/zero:1:1: the file is not UTF-8 text: a NUL byte");
        }
    }

    @Test
    void anEndlessHeaderIsRefused() throws IOException {
        fails("x".repeat(Csv.MAX_HEADER + 10), ":1:" + (Csv.MAX_HEADER + 1) + ": the header row is longer than " + Csv.MAX_HEADER
                + " characters; is this a CSV file?");
    }

    @Test
    void aFolderIsNamed() {
        assertThatThrownBy(() -> Csv.read(dir, FIELDS)).hasMessage(dir + ": cannot read: it is a folder");
    }
}
