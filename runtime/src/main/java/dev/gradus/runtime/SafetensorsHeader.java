package dev.gradus.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A safetensors header, checked by the rules of the reference implementation (the {@code safetensors}
 * crate): the header is UTF-8 JSON that starts with '{', at most {@link #MAX_HEADER} bytes; each
 * tensor has a known dtype, a shape of whole non-negative numbers and two whole non-negative
 * {@code data_offsets}; sorted by offset, the tensors' byte ranges are contiguous from 0 without
 * gaps or overlaps, and each range holds exactly its shape's elements times the dtype's size. The
 * caller checks that the ranges cover the data section exactly ({@link #dataLength}).
 */
final class SafetensorsHeader {
    /** The reference implementation's limit on the header length: 100 MB. */
    static final long MAX_HEADER = 100_000_000L;

    record Tensor(String name, String dtype, int[] shape, long elements, long from, long to) {
        long bytes() {
            return to - from;
        }
    }

    private final List<Tensor> inOrder;
    private final List<Tensor> byOffset;
    private final long dataLength;

    private SafetensorsHeader(List<Tensor> inOrder, List<Tensor> byOffset, long dataLength) {
        this.inOrder = inOrder;
        this.byOffset = byOffset;
        this.dataLength = dataLength;
    }

    /** The tensors in the header's order. */
    List<Tensor> inOrder() {
        return inOrder;
    }

    /** The tensors in the order of their data. */
    List<Tensor> byOffset() {
        return byOffset;
    }

    /** The bytes of data the tensors cover together: where the last one ends. */
    long dataLength() {
        return dataLength;
    }

    static SafetensorsHeader parse(Path file, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad(file, "it is not valid UTF-8");
        }
        if (!text.startsWith("{")) {
            throw bad(file, "it does not start with '{'"
                    + (text.isEmpty() ? " (it is empty)" : ", so the header length is probably wrong"));
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(file, "not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw bad(file, "not a JSON object");
        }
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                metadata(file, e.getValue());
            } else {
                tensors.add(tensor(file, name, e.getValue()));
            }
        }
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(Tensor::from).thenComparingLong(Tensor::to));
        long end = 0;
        String previous = null;
        for (Tensor t : sorted) {
            if (t.from() != end) {
                throw bad(file, "tensor '" + t.name() + "' data_offsets start at " + t.from() + ", but "
                        + (previous == null ? "the first tensor must start at 0" : "tensor '" + previous + "' ends at " + end)
                        + " (tensors' data must be contiguous, without gaps or overlaps)");
            }
            end = t.to();
            previous = t.name();
        }
        return new SafetensorsHeader(List.copyOf(tensors), List.copyOf(sorted), end);
    }

    private static void metadata(Path file, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw bad(file, "__metadata__ must be an object of strings");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw bad(file, "__metadata__ value '" + e.getKey() + "' is not a string");
            }
        }
    }

    private static Tensor tensor(Path file, String name, Object value) {
        String what = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw bad(file, what + " is not an object with dtype, shape and data_offsets");
        }
        if (!(m.get("dtype") instanceof String dtype)) {
            throw bad(file, what + " has no dtype string");
        }
        Integer width = Safetensors.DTYPES.get(dtype);
        if (width == null) {
            throw bad(file, what + " has unknown dtype '" + dtype + "'; the format's dtypes are "
                    + String.join(", ", Safetensors.dtypeNames()));
        }
        if (!(m.get("shape") instanceof List<?> shapeList)) {
            throw bad(file, what + " has no shape array");
        }
        int[] shape = new int[shapeList.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = whole(file, what + " shape", shapeList.get(i));
            if (d > Integer.MAX_VALUE) {
                throw bad(file, what + " shape dimension " + d + " is too large");
            }
            shape[i] = (int) d;
            try {
                elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException e) {
                throw bad(file, what + " shape " + shapeList + " overflows");
            }
        }
        if (!(m.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2) {
            throw bad(file, what + " needs data_offsets [begin, end]");
        }
        long from = whole(file, what + " data_offsets", offsets.get(0));
        long to = whole(file, what + " data_offsets", offsets.get(1));
        if (to < from) {
            throw bad(file, what + " data_offsets end " + to + " is before its begin " + from);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(elements, (long) width);
        } catch (ArithmeticException e) {
            throw bad(file, what + " shape " + shapeList + " overflows");
        }
        if (to - from != bytes) {
            throw bad(file, what + " data_offsets [" + from + ", " + to + "] hold " + (to - from) + " bytes, but dtype " + dtype
                    + " and shape " + shapeList + " need " + bytes);
        }
        return new Tensor(name, dtype, shape, elements, from, to);
    }

    private static long whole(Path file, String what, Object v) {
        if (v instanceof Long l && l >= 0) {
            return l;
        }
        if (v instanceof Long || v instanceof Double d && d < 0) {
            throw bad(file, what + " must not be negative, found " + v);
        }
        if (v instanceof java.math.BigInteger b) {
            throw bad(file, what + (b.signum() < 0 ? " must not be negative" : " has a number too large for the format"));
        }
        if (v instanceof Double) {
            throw bad(file, what + " must be whole numbers, found " + v);
        }
        throw bad(file, what + " must be numbers, found " + (v instanceof String ? "\"" + v + "\"" : String.valueOf(v)));
    }

    private static DataException bad(Path file, String why) {
        return new DataException(file + ": bad safetensors header: " + why);
    }
}
