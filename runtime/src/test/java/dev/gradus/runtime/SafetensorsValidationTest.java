package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule of the reference implementation, broken once: the error says which. */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    /** A file with {@code header} (padded to 8 bytes, or not) and {@code data} bytes of data. */
    private Path file(String header, int data, long lengthDelta) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length + lengthDelta).put(h);
        for (int i = 0; i < data / 4; i++) {
            b.putFloat(i + 1);
        }
        Path f = dir.resolve("p.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private void fails(String header, int data, String message) throws IOException {
        Path f = file(header, data, 0);
        assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(DataException.class).hasMessage(f + ": " + message);
    }

    private static final String AB = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";

    @Test
    void aValidFileIsReadInHeaderOrder() throws IOException {
        Map<String, Safetensors.Entry> m = Safetensors.read(file(AB, 12, 0));
        assertThat(m.keySet()).containsExactly("a", "b");
        assertThat(m.get("a").values()).containsExactly(1.0, 2.0);
        assertThat(m.get("b").values()).containsExactly(3.0);
    }

    @Test
    void aHeaderLengthOneByteShortIsRefused() throws IOException {
        Path f = file(AB, 12, -1);
        assertThatThrownBy(() -> Safetensors.read(f)).hasMessageStartingWith(f + ": bad safetensors header: not valid JSON");
        Path g = file(AB + "  ", 12, 1);
        assertThatThrownBy(() -> Safetensors.read(g)).hasMessage(g + ": bad safetensors header: not valid JSON: unexpected text after the end"
                + " at character " + (AB.length() + 3) + " of the header (byte " + (AB.length() + 10) + " of the file)");
    }

    @Test
    void theHeaderMustStartWithABrace() throws IOException {
        fails(" " + AB, 12, "bad safetensors header: it does not start with '{', so the header length is probably wrong");
        fails("[1]", 0, "bad safetensors header: it does not start with '{', so the header length is probably wrong");
    }

    @Test
    void headerLengthsOutOfBoundsAreRefused() throws IOException {
        Path f = file(AB, 12, 1000);
        assertThatThrownBy(() -> Safetensors.read(f)).hasMessage(f + ": not a safetensors file: header length " + (AB.length() + 1000)
                + " runs past the end of the file (" + (8 + AB.length() + 12) + " bytes)");
        Path g = file(AB, 12, 200_000_000L);
        assertThatThrownBy(() -> Safetensors.read(g)).hasMessageContaining("is over the limit of 100000000 bytes");
        Path h = file(AB, 12, -AB.length() - 1);
        assertThatThrownBy(() -> Safetensors.read(h)).hasMessageContaining("is over the limit");
        Path z = file("", 0, 0);
        assertThatThrownBy(() -> Safetensors.read(z)).hasMessage(z + ": not a safetensors file: header length 0 is too short for a JSON header");
    }

    @Test
    void contiguityIsChecked() throws IOException {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        fails(overlap, 12, "bad safetensors header: tensor 'b' data_offsets start at 4, but tensor 'a' ends at 8"
                + " (tensors' data must be contiguous, without gaps or overlaps)");
        String gap = AB.replace("[8,12]", "[12,16]");
        fails(gap, 16, "bad safetensors header: tensor 'b' data_offsets start at 12, but tensor 'a' ends at 8"
                + " (tensors' data must be contiguous, without gaps or overlaps)");
        String late = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        fails(late, 8, "bad safetensors header: tensor 'a' data_offsets start at 4, but the first tensor must start at 0"
                + " (tensors' data must be contiguous, without gaps or overlaps)");
    }

    @Test
    void offsetsMustBeWholeNonNegativeNumbers() throws IOException {
        fails(AB.replace("[8,12]", "[8.5,12]"), 12, "bad safetensors header: tensor 'b' data_offsets must be whole numbers, found 8.5");
        fails(AB.replace("[8,12]", "[8,12.0]"), 12, "bad safetensors header: tensor 'b' data_offsets must be whole numbers, found 12.0");
        fails(AB.replace("[8,12]", "[-8,12]"), 12, "bad safetensors header: tensor 'b' data_offsets must not be negative, found -8");
        fails(AB.replace("[8,12]", "[8,\"12\"]"), 12, "bad safetensors header: tensor 'b' data_offsets must be numbers, found \"12\"");
        fails(AB.replace("[8,12]", "[8,99999999999999999999999]"), 12,
                "bad safetensors header: tensor 'b' data_offsets has a number too large for the format");
        fails(AB.replace("[8,12]", "[12,8]"), 12, "bad safetensors header: tensor 'b' data_offsets end 8 is before its begin 12");
        fails(AB.replace("\"shape\":[1]", "\"shape\":[1.5]"), 12, "bad safetensors header: tensor 'b' shape must be whole numbers, found 1.5");
    }

    @Test
    void theRangeMustHoldTheShape() throws IOException {
        fails(AB.replace("\"shape\":[1]", "\"shape\":[2]"), 12,
                "bad safetensors header: tensor 'b' data_offsets [8, 12] hold 4 bytes, but dtype F32 and shape [2] need 8");
        fails(AB.replace("\"shape\":[1]", "\"shape\":[4294967296,4294967296]"), 12,
                "bad safetensors header: tensor 'b' shape dimension 4294967296 is too large");
    }

    @Test
    void theDataMustBeCoveredExactly() throws IOException {
        Path f = file(AB, 16, 0);
        assertThatThrownBy(() -> Safetensors.read(f)).hasMessage(f + ": the tensors' data_offsets cover 12 bytes of data, but the file has 16"
                + " (extra bytes after the last tensor)");
        Path g = file(AB, 8, 0);
        assertThatThrownBy(() -> Safetensors.read(g)).hasMessage(g + ": the tensors' data_offsets cover 12 bytes of data, but the file has 8"
                + " (truncated)");
    }

    @Test
    void dtypesAndEntriesAreChecked() throws IOException {
        fails(AB.replace("\"F32\",\"shape\":[1]", "\"F31\",\"shape\":[1]"), 12, "bad safetensors header: tensor 'b' has unknown dtype 'F31'; the format's"
                + " dtypes are BF16, BOOL, F16, F32, F64, F8_E4M3, F8_E5M2, I16, I32, I64, I8, U16, U32, U64, U8");
        fails("{\"a\":3}", 0, "bad safetensors header: tensor 'a' is not an object with dtype, shape and data_offsets");
        fails("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,0]}}", 0, "bad safetensors header: tensor 'a' has no shape array");
        fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[]}}", 0, "bad safetensors header: tensor 'a' needs data_offsets [begin, end]");
        fails("{\"__metadata__\":{\"k\":1}}", 0, "bad safetensors header: __metadata__ value 'k' is not a string");
        fails("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0,
                "bad safetensors header: not valid JSON: the key \"a\" appears twice at character 55 of the header (byte 62 of the file)");
        Map<String, Safetensors.Entry> m = Safetensors.read(file("{\"__metadata__\":{\"format\":\"pt\"},\"e\":{\"dtype\":\"F64\",\"shape\":[0],"
                + "\"data_offsets\":[0,0]}}", 0, 0));
        assertThat(m.keySet()).containsExactly("e");
        assertThat(m.get("e").values()).isEmpty();
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() throws IOException {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        Path f = file(deep, 0, 0);
        assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(DataException.class)
                .hasMessage(f + ": bad safetensors header: not valid JSON: nested more than 64 deep at character 69 of the header (byte 76 of the file)");
    }

    @Test
    void nonFiniteValuesNameTensorAndIndex() throws IOException {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("W", new int[] {2, 3});
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (boolean f64 : new boolean[] {true, false}) {
                Path f = dir.resolve("bad.safetensors");
                Safetensors.write(f, shapes, Map.of("W", new double[] {1, 2, 3, 4, bad, 6}), f64);
                assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(DataException.class)
                        .hasMessage(f + ": tensor 'W' value 4 (at [1, 1]) is " + bad + "; parameters must be finite numbers");
            }
        }
    }

    @Test
    void devicesAreRefusedByTheirHeader() {
        if (Files.isReadable(Path.of("/dev/zero"))) {
            assertThatThrownBy(() -> Safetensors.read(Path.of("/dev/zero")))
                    .hasMessage("/dev/zero: not a safetensors file: header length 0 is too short for a JSON header");
        }
        if (Files.isReadable(Path.of("/dev/null"))) {
            assertThatThrownBy(() -> Safetensors.read(Path.of("/dev/null")))
                    .hasMessage("/dev/null: not a safetensors file: it is empty, shorter than the 8-byte header length");
        }
        assertThatThrownBy(() -> Safetensors.read(dir)).hasMessage(dir + ": cannot read: it is a folder");
    }

    @Test
    void namesWithQuotesRoundTrip() throws IOException {
        Path f = dir.resolve("q.safetensors");
        Safetensors.write(f, Map.of("a\"b\\c", new int[] {1}), Map.of("a\"b\\c", new double[] {2.5}), true);
        assertThat(Safetensors.read(f).get("a\"b\\c").values()).containsExactly(2.5);
    }

    /** Issue 25: a NUL or a lone surrogate in the header is one message naming the byte, never raw. */
    @Test
    void nulAndLoneSurrogatesAreRefusedAtTheirByte() throws IOException {
        String e = "{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}";
        fails("{\"a\\u0000b\":" + e + "}", 0, "bad safetensors header: not valid JSON: a NUL (\\u0000) in a string"
                + " at character 4 of the header (byte 11 of the file)");
        fails("{\"a\u0000b\":" + e + "}", 0, "bad safetensors header: not valid JSON: a NUL byte in a string"
                + " at character 4 of the header (byte 11 of the file)");
        fails("{\"a\":" + e + ",\u0000}", 0, "bad safetensors header: not valid JSON: expected '\"', found \\u0000"
                + " at character 55 of the header (byte 62 of the file)");
        fails("{\"\u00e9\\ud800\":" + e + "}", 0, "bad safetensors header: not valid JSON: a lone surrogate \\ud800 in a string"
                + " at character 4 of the header (byte 12 of the file)");
        fails("{\"\\udc00x\":" + e + "}", 0, "bad safetensors header: not valid JSON: a lone surrogate \\udc00 in a string"
                + " at character 3 of the header (byte 10 of the file)");
        Path ok = file("{\"\\ud83d\\ude00\":" + e + "}", 0, 0);
        assertThat(Safetensors.read(ok).keySet()).containsExactly("\ud83d\ude00");
    }
}
