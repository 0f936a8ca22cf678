package dev.gradus.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the CSV rules of docs/CLI.md say a file holds, computed the slow and obvious way (decode
 * the whole file, split it into records, check each cell with a regular expression), to check the
 * streaming reader against: {@link #read} returns each field's values, or null if the file must
 * be refused.
 */
final class CsvOracle {
    private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private CsvOracle() {}

    /** A record's cells, and whether the record has any content (else it is a blank line). */
    private record Row(List<String> cells, boolean content) {}

    static double[][] read(byte[] bytes, List<TensorSpec> fields) {
        String text = decode(bytes);
        if (text == null || text.indexOf('\0') >= 0) {
            return null;
        }
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        if (text.isEmpty()) {
            return null;
        }
        List<Row> rows = records(text);
        if (rows == null) {
            return null;
        }
        List<String> header = rows.get(0).cells().stream().map(String::trim).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (index.putIfAbsent(header.get(i), i) != null && !header.get(i).isEmpty()) {
                return null;
            }
        }
        List<int[]> used = new ArrayList<>(); // {column, field, slot}
        for (int f = 0; f < fields.size(); f++) {
            String[] cols = fields.get(f).columns();
            for (int k = 0; k < cols.length; k++) {
                Integer at = index.get(cols[k]);
                if (at == null) {
                    return null;
                }
                used.add(new int[] {at, f, k});
            }
        }
        List<double[][]> examples = new ArrayList<>();
        for (Row row : rows.subList(1, rows.size())) {
            if (!row.content()) {
                continue;
            }
            if (row.cells().size() > header.size()) {
                return null;
            }
            double[][] example = new double[fields.size()][];
            for (int f = 0; f < fields.size(); f++) {
                example[f] = new double[fields.get(f).size()];
            }
            for (int[] u : used) {
                if (u[0] >= row.cells().size()) {
                    return null;
                }
                String raw = row.cells().get(u[0]);
                if (raw.codePointCount(0, raw.length()) > Csv.MAX_CELL) {
                    return null;
                }
                String s = raw.trim();
                if (!NUMBER.matcher(s).matches()) {
                    return null;
                }
                double v = Double.parseDouble(s);
                int classes = fields.get(u[1]).classes();
                if (Double.isInfinite(v) || classes > 0 && (v != Math.rint(v) || v < 0 || v >= classes)) {
                    return null;
                }
                example[u[1]][u[2]] = v;
            }
            examples.add(example);
        }
        if (examples.isEmpty()) {
            return null;
        }
        double[][] out = new double[fields.size()][];
        for (int f = 0; f < fields.size(); f++) {
            int w = fields.get(f).size();
            out[f] = new double[examples.size() * w];
            for (int e = 0; e < examples.size(); e++) {
                System.arraycopy(examples.get(e)[f], 0, out[f], e * w, w);
            }
        }
        return out;
    }

    private static String decode(byte[] b) {
        Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            skip = 3;
        }
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Arrays.copyOfRange(b, skip, b.length))).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Splits text into records of cells: a quote toggles quoting, "" inside quotes is a quote. Null if a quote is never closed. */
    private static List<Row> records(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean content = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                content = true;
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (!quoted && c == ',') {
                content = true;
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (!quoted && c == '\n') {
                cells.add(cell.toString());
                rows.add(new Row(cells, content || rows.isEmpty()));
                cells = new ArrayList<>();
                cell.setLength(0);
                content = false;
            } else {
                content |= c > ' ';
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        if (content || rows.isEmpty()) {
            cells.add(cell.toString());
            rows.add(new Row(cells, true));
        }
        return rows;
    }
}
