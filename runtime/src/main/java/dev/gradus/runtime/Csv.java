package dev.gradus.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a numeric CSV file with a header row into a {@link DataSet} for the given fields. Columns
 * are matched by name, in any order; extra columns are ignored. Every problem is reported as
 * {@code FILE:LINE:COL: message}. Quoted fields (RFC 4180) are accepted.
 */
public final class Csv {
    private Csv() {}

    public static DataSet read(Path file, List<TensorSpec> fields) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new DataException(file + ":1:1: the file is empty; expected a header row");
        }
        String first = lines.get(0);
        if (first.startsWith("\uFEFF")) {
            lines.set(0, first.substring(1)); // a byte order mark, as spreadsheets write
        }
        List<String> header = split(lines.get(0));
        Map<String, Integer> columnIndex = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columnIndex.putIfAbsent(header.get(i).trim(), i);
        }
        int[][] columnOf = new int[fields.size()][];
        for (int f = 0; f < fields.size(); f++) {
            String[] cols = fields.get(f).columns();
            columnOf[f] = new int[cols.length];
            for (int k = 0; k < cols.length; k++) {
                Integer at = columnIndex.get(cols[k]);
                if (at == null) {
                    throw new DataException(file + ":1:1: missing column '" + cols[k] + "' (for " + fields.get(f).name()
                            + fields.get(f).shapeText() + "); the header has " + String.join(", ", header));
                }
                columnOf[f][k] = at;
            }
        }
        List<double[][]> examples = new ArrayList<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line);
            List<Integer> starts = starts(line);
            double[][] example = new double[fields.size()][];
            for (int f = 0; f < fields.size(); f++) {
                TensorSpec spec = fields.get(f);
                example[f] = new double[columnOf[f].length];
                for (int k = 0; k < columnOf[f].length; k++) {
                    int c = columnOf[f][k];
                    String where = file + ":" + (ln + 1) + ":";
                    if (c >= cells.size()) {
                        throw new DataException(where + (line.length() + 1) + ": short row: " + cells.size()
                                + " cells, but column '" + header.get(c) + "' is number " + (c + 1));
                    }
                    String cell = cells.get(c).trim();
                    int col = starts.get(c) + 1;
                    double v;
                    try {
                        v = Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        throw new DataException(where + col + ": column '" + header.get(c) + "': '" + cell + "' is not a number");
                    }
                    if (spec.classes() > 0 && (v != Math.rint(v) || v < 0 || v >= spec.classes())) {
                        throw new DataException(where + col + ": column '" + header.get(c) + "': class " + cell
                                + " is out of range 0.." + (spec.classes() - 1));
                    }
                    example[f][k] = v;
                }
            }
            examples.add(example);
        }
        double[][][] rows = new double[fields.size()][examples.size()][];
        for (int e = 0; e < examples.size(); e++) {
            for (int f = 0; f < fields.size(); f++) {
                rows[f][e] = examples.get(e)[f];
            }
        }
        return new DataSet(fields.stream().map(TensorSpec::name).toList(), rows);
    }

    /** The cells of one line; quotes group, and "" inside quotes is a quote. */
    public static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        cells.add(cur.toString());
        return cells;
    }

    /** The 0-based character offset where each cell starts. */
    static List<Integer> starts(String line) {
        List<Integer> out = new ArrayList<>();
        out.add(0);
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(i + 1);
            }
        }
        return out;
    }
}
