package dev.gradus.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Reads F32 and F64;
 * writes either, atomically (a temporary file beside the target, then a move), so a failed save
 * leaves nothing behind. The header's JSON is parsed by a small reader of exactly the subset the
 * format uses, because the runtime has no dependencies.
 */
public final class Safetensors {
    private Safetensors() {}

    /** A tensor read from a file: dtype, shape and its values widened to double. */
    public record Entry(String dtype, int[] shape, double[] values) {}

    public static void write(Path file, Map<String, int[]> shapes, Map<String, double[]> values, boolean f64) {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        int width = f64 ? 8 : 4;
        String sep = "";
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            long bytes = (long) values.get(e.getKey()).length * width;
            header.append(sep).append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(f64 ? "F64" : "F32")
                    .append("\",\"shape\":[");
            int[] shape = e.getValue();
            for (int i = 0; i < shape.length; i++) {
                header.append(i > 0 ? "," : "").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
            sep = ",";
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' ');
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (String name : shapes.keySet()) {
            for (double v : values.get(name)) {
                if (f64) {
                    buf.putDouble(v);
                } else {
                    buf.putFloat((float) v);
                }
            }
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(buf.array());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": cannot save: the folder " + dir + " does not exist");
        } catch (IOException e) {
            throw new DataException(file + ": cannot save: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: the temporary file is all that is left
                }
            }
        }
    }

    public static Map<String, Entry> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length < 8) {
            throw new DataException(file + ": not a safetensors file (shorter than its 8-byte header length)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        if (n < 2 || n > bytes.length - 8) {
            throw new DataException(file + ": not a safetensors file (header length " + n + ")");
        }
        String json = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = new Json(json).document();
        } catch (IllegalArgumentException e) {
            throw new DataException(file + ": bad safetensors header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new DataException(file + ": bad safetensors header: not a JSON object");
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        int base = 8 + (int) n;
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            try {
                Map<?, ?> m = (Map<?, ?>) e.getValue();
                String dtype = (String) m.get("dtype");
                List<?> shapeList = (List<?>) m.get("shape");
                List<?> offsets = (List<?>) m.get("data_offsets");
                int[] shape = new int[shapeList.size()];
                int count = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = ((Number) shapeList.get(i)).intValue();
                    count *= shape[i];
                }
                long from = ((Number) offsets.get(0)).longValue();
                long to = ((Number) offsets.get(1)).longValue();
                int width = switch (dtype) {
                    case "F64" -> 8;
                    case "F32" -> 4;
                    default -> 0;
                };
                double[] values = new double[count];
                if (width > 0) {
                    if (to - from != (long) count * width || base + to > bytes.length || from < 0) {
                        throw new DataException(file + ": tensor '" + name + "': its byte range does not fit its shape");
                    }
                    ByteBuffer data = ByteBuffer.wrap(bytes, base + (int) from, (int) (to - from)).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < count; i++) {
                        values[i] = width == 8 ? data.getDouble() : data.getFloat();
                    }
                }
                out.put(name, new Entry(dtype, shape, values));
            } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException ex) {
                throw new DataException(file + ": bad safetensors header entry for '" + name + "'");
            }
        }
        return out;
    }

    /** Just enough JSON for a safetensors header: objects, arrays, strings, numbers. */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("unexpected text at offset " + i);
            }
            return v;
        }

        private Object value() {
            skip();
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                skip();
                if (peek('}')) {
                    return m;
                }
                do {
                    skip();
                    String k = string();
                    skip();
                    expect(':');
                    m.put(k, value());
                    skip();
                } while (peek(','));
                expect('}');
                return m;
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                skip();
                if (peek(']')) {
                    return l;
                }
                do {
                    l.add(value());
                    skip();
                } while (peek(','));
                expect(']');
                return l;
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("unexpected '" + c + "' at offset " + i);
            }
            String num = s.substring(start, i);
            return num.contains(".") || num.contains("e") || num.contains("E") ? (Object) Double.parseDouble(num)
                    : (Object) Long.parseLong(num);
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            expect('"');
            return b.toString();
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + i);
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
