package dev.gradus.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors rules of the reference implementation, written with Jackson as the JSON parser,
 * to check {@link Safetensors#read} against: the entries a file holds, or null if it must be refused.
 */
final class SafetensorsOracle {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafetensorsOracle() {}

    private record Info(String name, String dtype, int[] shape, long from, long to) {}

    static Map<String, Safetensors.Entry> read(byte[] file) {
        if (file.length < 8) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        if (n < 0 || n > 100_000_000L || n > file.length - 8) {
            return null;
        }
        String header;
        try {
            header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (!header.startsWith("{")) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (Exception e) {
            return null;
        }
        if (root == null || !root.isObject() || depth(root) > Json.MAX_DEPTH) {
            return null;
        }
        List<Info> infos = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            if (e.getKey().equals("__metadata__")) {
                if (!v.isObject()) {
                    return null;
                }
                for (JsonNode m : v) {
                    if (!m.isTextual()) {
                        return null;
                    }
                }
                continue;
            }
            Info info = info(e.getKey(), v);
            if (info == null) {
                return null;
            }
            infos.add(info);
        }
        List<Info> sorted = new ArrayList<>(infos);
        sorted.sort(Comparator.comparingLong(Info::from).thenComparingLong(Info::to));
        long end = 0;
        for (Info i : sorted) {
            if (i.from() != end) {
                return null;
            }
            end = i.to();
        }
        if (8 + n + end != file.length) {
            return null;
        }
        Map<String, Safetensors.Entry> out = new LinkedHashMap<>();
        for (Info i : infos) {
            int width = i.dtype().equals("F64") ? 8 : i.dtype().equals("F32") ? 4 : 0;
            double[] values = new double[width == 0 ? 0 : (int) ((i.to() - i.from()) / width)];
            ByteBuffer data = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < values.length; k++) {
                int at = (int) (8 + n + i.from() + (long) k * width);
                values[k] = width == 8 ? data.getDouble(at) : data.getFloat(at);
                if (!Double.isFinite(values[k])) {
                    return null;
                }
            }
            out.put(i.name(), new Safetensors.Entry(i.dtype(), i.shape(), values));
        }
        return out;
    }

    private static Info info(String name, JsonNode v) {
        if (!v.isObject() || !v.path("dtype").isTextual() || !v.path("shape").isArray() || !v.path("data_offsets").isArray()
                || v.path("data_offsets").size() != 2) {
            return null;
        }
        Integer width = Safetensors.DTYPES.get(v.path("dtype").asText());
        if (width == null) {
            return null;
        }
        int[] shape = new int[v.path("shape").size()];
        long count = 1;
        for (int k = 0; k < shape.length; k++) {
            JsonNode d = v.path("shape").get(k);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                return null;
            }
            shape[k] = d.asInt();
            try {
                count = Math.multiplyExact(count, shape[k]);
            } catch (ArithmeticException e) {
                return null;
            }
        }
        JsonNode from = v.path("data_offsets").get(0);
        JsonNode to = v.path("data_offsets").get(1);
        for (JsonNode o : List.of(from, to)) {
            if (!o.isIntegralNumber() || !o.canConvertToLong() || o.asLong() < 0) {
                return null;
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, (long) width);
        } catch (ArithmeticException e) {
            return null;
        }
        if (to.asLong() < from.asLong() || to.asLong() - from.asLong() != bytes) {
            return null;
        }
        return new Info(name, v.path("dtype").asText(), shape, from.asLong(), to.asLong());
    }

    private static int depth(JsonNode n) {
        int d = 0;
        for (JsonNode c : n) {
            d = Math.max(d, depth(c));
        }
        return n.isContainerNode() ? d + 1 : 0;
    }
}
