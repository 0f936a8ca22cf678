package dev.gradus.runtime;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Reads F32 and F64 (other
 * dtypes are validated and returned without values); writes either through {@link OutputFiles},
 * so a failed save leaves nothing behind.
 *
 * <p>A file is checked as the reference implementation checks it ({@link SafetensorsHeader}), and
 * each value read must be finite. Reading streams the file: a device or a huge file is refused
 * by its header, never read whole.
 */
public final class Safetensors {
    private Safetensors() {}

    /** A tensor read from a file: dtype, shape and its values widened to double (empty for dtypes other than F32 and F64). */
    public record Entry(String dtype, int[] shape, double[] values) {}

    public static void write(Path file, Map<String, int[]> shapes, Map<String, double[]> values, boolean f64) {
        write(file, shapes, values, name -> f64);
    }

    /** {@link #write(Path, Map, Map, boolean)} with the dtype chosen per tensor: F64 where {@code f64} says so, else F32. */
    public static void write(Path file, Map<String, int[]> shapes, Map<String, double[]> values,
                             java.util.function.Predicate<String> f64) {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        String sep = "";
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            long bytes = (long) values.get(e.getKey()).length * (f64.test(e.getKey()) ? 8 : 4);
            header.append(sep).append('"');
            escape(header, e.getKey());
            header.append("\":{\"dtype\":\"").append(f64.test(e.getKey()) ? "F64" : "F32").append("\",\"shape\":[");
            int[] shape = e.getValue();
            for (int i = 0; i < shape.length; i++) {
                header.append(i > 0 ? "," : "").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            sep = ",";
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        OutputFiles.write(file, out -> {
            ByteBuffer buf = ByteBuffer.allocate(1 << 13).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(padded);
            out.write(buf.array(), 0, 8);
            out.write(h);
            for (int i = h.length; i < padded; i++) {
                out.write(' ');
            }
            buf.clear();
            for (String name : shapes.keySet()) {
                boolean wide = f64.test(name);
                for (double v : values.get(name)) {
                    if (buf.remaining() < 8) {
                        flush(buf, out);
                    }
                    if (wide) {
                        buf.putDouble(v);
                    } else {
                        buf.putFloat((float) v);
                    }
                }
            }
            flush(buf, out);
        });
    }

    private static void flush(ByteBuffer buf, OutputStream out) throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
    }

    /** Reads and validates a file; every problem is a {@link DataException} that names the file and the rule broken. */
    public static Map<String, Entry> read(Path file) {
        try (InputStream in = InputFiles.open(file)) {
            return read(file, in, Files.isRegularFile(file) ? Files.size(file) : -1); // a pipe's size is unknown
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static Map<String, Entry> read(Path file, InputStream in, long size) throws IOException {
        byte[] len = in.readNBytes(8);
        if (len.length < 8) {
            throw new DataException(file + ": not a safetensors file: " + (len.length == 0 ? "it is empty" : "it is only " + len.length
                    + " bytes long") + ", shorter than the 8-byte header length");
        }
        long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > SafetensorsHeader.MAX_HEADER) {
            throw new DataException(file + ": not a safetensors file: header length " + Long.toUnsignedString(n)
                    + " is over the limit of " + SafetensorsHeader.MAX_HEADER + " bytes");
        }
        if (n < 2) {
            throw new DataException(file + ": not a safetensors file: header length " + n + " is too short for a JSON header");
        }
        if (size >= 0 && n > size - 8) {
            throw new DataException(file + ": not a safetensors file: header length " + n + " runs past the end of the file ("
                    + size + " bytes)");
        }
        byte[] h = in.readNBytes((int) n);
        if (h.length < n) {
            throw new DataException(file + ": truncated: the file ends inside the " + n + "-byte header");
        }
        SafetensorsHeader header = SafetensorsHeader.parse(file, h);
        long end = 8 + n + header.dataLength();
        if (size >= 0 && end != size) {
            throw new DataException(file + ": the tensors' data_offsets cover " + header.dataLength() + " bytes of data, but the file has "
                    + (size - 8 - n) + (end > size ? " (truncated)" : " (extra bytes after the last tensor)"));
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        for (SafetensorsHeader.Tensor t : header.byOffset()) {
            try {
                values.put(t.name(), values(file, in, t));
            } catch (EOFException e) {
                throw new DataException(file + ": truncated: the file ends in the data of tensor '" + t.name() + "'");
            } catch (OutOfMemoryError e) {
                throw new DataException(file + ": tensor '" + t.name() + "' (" + t.elements()
                        + " values) does not fit in memory; give Java more heap (-Xmx)");
            }
        }
        if (in.read() != -1) {
            throw new DataException(file + ": extra bytes after the last tensor's data");
        }
        for (SafetensorsHeader.Tensor t : header.inOrder()) {
            out.put(t.name(), new Entry(t.dtype(), t.shape(), values.get(t.name())));
        }
        return out;
    }

    private static double[] values(Path file, InputStream in, SafetensorsHeader.Tensor t) throws IOException {
        int width = t.dtype().equals("F64") ? 8 : t.dtype().equals("F32") ? 4 : 0;
        if (width == 0) {
            in.skipNBytes(t.bytes());
            return new double[0];
        }
        if (t.elements() > Integer.MAX_VALUE - 8) {
            throw new DataException(file + ": tensor '" + t.name() + "' has " + t.elements() + " values; at most "
                    + (Integer.MAX_VALUE - 8) + " are supported");
        }
        double[] v = new double[(int) t.elements()];
        byte[] chunk = new byte[1 << 16];
        ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int i = 0;
        while (i < v.length) {
            int want = Math.min(chunk.length / width, v.length - i) * width;
            if (in.readNBytes(chunk, 0, want) < want) {
                throw new EOFException();
            }
            buf.clear();
            for (int k = 0; k < want / width; k++, i++) {
                v[i] = width == 8 ? buf.getDouble() : buf.getFloat();
                if (!Double.isFinite(v[i])) {
                    throw new DataException(file + ": tensor '" + t.name() + "' value " + i + index(t.shape(), i) + " is "
                            + v[i] + "; parameters must be finite numbers");
                }
            }
        }
        return v;
    }

    /** " (at [i, j])" for a tensor of two or more dimensions, else "". */
    private static String index(int[] shape, long flat) {
        if (shape.length < 2) {
            return "";
        }
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = flat % shape[d];
            flat /= shape[d];
        }
        return " (at " + Arrays.toString(at) + ")";
    }

    /** The dtypes of the format and their sizes in bytes. */
    static final Map<String, Integer> DTYPES = Map.ofEntries(Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1),
            Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1), Map.entry("I16", 2), Map.entry("U16", 2), Map.entry("F16", 2),
            Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4), Map.entry("F32", 4), Map.entry("I64", 8),
            Map.entry("U64", 8), Map.entry("F64", 8));

    static List<String> dtypeNames() {
        return DTYPES.keySet().stream().sorted().toList();
    }
}
