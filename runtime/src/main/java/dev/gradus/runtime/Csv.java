package dev.gradus.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a numeric CSV file with a header row into a {@link DataSet} for the given fields. Columns
 * are matched by name, in any order; extra columns are ignored (but must be text in the file's
 * encoding). Quoted fields (RFC 4180) are accepted. The file is streamed: numbers go straight into
 * primitive arrays, and no line is held whole.
 *
 * <p>Every problem is a {@link DataException} reported as {@code FILE:LINE:COL: message}: a cell
 * that is not a plain finite decimal number ({@code NaN}, {@code Infinity}, {@code 1e400},
 * {@code 1f}, {@code 0x1p3} are refused), a row with more cells than the header, a row missing a
 * needed cell, a column named twice, a class label that is not an integer in range, a file that is
 * not UTF-8 (or UTF-16 with a byte order mark), no examples, and data that cannot fit in memory.
 */
public final class Csv {
    /** The longest header row, in characters. */
    public static final int MAX_HEADER = 1 << 20;
    /** The longest cell of a column the model reads, in characters. */
    public static final int MAX_CELL = 1000;

    private final String file;
    private final TextInput text;
    private final List<TensorSpec> fields;
    private final Examples examples;
    private final List<String> header = new ArrayList<>();
    private final List<Long> headerColumns = new ArrayList<>();
    private int[] fieldOf;
    private int[] slotOf;
    private int needed; // cells a row must have: one past the last column read
    private final StringBuilder cell = new StringBuilder();

    private Csv(String file, TextInput text, List<TensorSpec> fields) {
        this.file = file;
        this.text = text;
        this.fields = fields;
        this.examples = new Examples(file, fields);
    }

    public static DataSet read(Path file, List<TensorSpec> fields) {
        try (InputStream in = InputFiles.open(file)) {
            Csv csv = new Csv(file.toString(), new TextInput(file.toString(), in), fields);
            return csv.read();
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads CSV text from a stream (standard input, for {@code -}), named {@code name} in messages; the
     * stream is read to its end and not closed.
     */
    public static DataSet read(String name, InputStream in, List<TensorSpec> fields) {
        try {
            return new Csv(name, new TextInput(name, new BufferedInputStream(in, 1 << 16)), fields).read();
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage());
        }
    }

    private DataSet read() throws IOException {
        readHeader();
        while (readRow()) {
            // each row is stored as it is read
        }
        if (examples.size() == 0) {
            throw new DataException(file + ":2:1: no examples after the header row");
        }
        return examples.toDataSet();
    }

    private void readHeader() throws IOException {
        int c = text.read();
        if (c == -1) {
            throw new DataException(file + ":1:1: the file is empty; expected a header row");
        }
        long chars = 0;
        boolean quoted = false;
        long start = 1;
        while (true) {
            if (++chars > MAX_HEADER) {
                throw new DataException(text.where() + "the header row is longer than " + MAX_HEADER + " characters; is this a CSV file?");
            }
            if (c == '"') {
                c = text.read();
                if (quoted && c != '"') {
                    quoted = false;
                    continue;
                }
                if (quoted) {
                    cell.append('"');
                    c = text.read();
                } else {
                    quoted = true;
                }
                continue;
            }
            if (c == -1 || (!quoted && (c == ',' || c == '\n'))) {
                header.add(cell.toString().trim());
                headerColumns.add(start);
                cell.setLength(0);
                if (c != ',') {
                    break;
                }
                start = text.column() + 1;
            } else {
                cell.appendCodePoint(c);
            }
            c = text.read();
        }
        if (quoted) {
            throw new DataException(file + ":1:1: the header row has an unterminated quote");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            Integer first = index.putIfAbsent(name, i);
            if (first != null && !name.isEmpty()) {
                throw new DataException(file + ":1:" + headerColumns.get(i) + ": column '" + name + "' appears twice: cell "
                        + (first + 1) + " (1:" + headerColumns.get(first) + ") and cell " + (i + 1) + " (1:" + headerColumns.get(i) + ")");
            }
        }
        fieldOf = new int[header.size()];
        slotOf = new int[header.size()];
        java.util.Arrays.fill(fieldOf, -1);
        for (int f = 0; f < fields.size(); f++) {
            String[] cols = fields.get(f).columns();
            for (int k = 0; k < cols.length; k++) {
                Integer at = index.get(cols[k]);
                if (at == null) {
                    throw new DataException(file + ":1:1: missing column '" + cols[k] + "' (for " + fields.get(f)
                            + "); the header has " + columns());
                }
                fieldOf[at] = f;
                slotOf[at] = k;
                needed = Math.max(needed, at + 1);
            }
        }
    }

    /** Reads one row into the examples; false at the end of the file. */
    private boolean readRow() throws IOException {
        int c = text.read();
        if (c == -1) {
            return false;
        }
        long line = text.line();
        int index = 0;
        boolean content = false;
        boolean quoted = false;
        long quoteLine = 0;
        long quoteCol = 0;
        long start = text.column();
        long startLine = line;
        cell.setLength(0);
        examples.beginRow();
        while (true) {
            if (c == -1 && quoted) {
                throw new DataException(file + ":" + quoteLine + ":" + quoteCol + ": unterminated quote (it runs to the end of the file)");
            }
            if (c == '"') {
                content = true;
                if (!quoted) {
                    quoteLine = text.line();
                    quoteCol = text.column();
                }
                c = text.read();
                if (quoted && c != '"') {
                    quoted = false;
                    continue;
                }
                if (quoted) {
                    append(index, startLine, start, '"');
                    c = text.read();
                } else {
                    quoted = true;
                }
                continue;
            }
            boolean end = c == -1 || (!quoted && (c == ',' || c == '\n'));
            if (end) {
                if (c == ',') {
                    content = true;
                }
                if (c != -1 && c != ',' && !content) {
                    return true; // a blank line
                }
                if (c == -1 && !content) {
                    return false; // blank last line
                }
                if (index >= header.size()) {
                    throw new DataException(file + ":" + startLine + ":" + start + ": this row has more cells than the header's "
                            + header.size() + " (columns " + columns() + ")");
                }
                if (fieldOf[index] >= 0) {
                    store(index, startLine, start);
                }
                index++;
                cell.setLength(0);
                if (c != ',') {
                    break;
                }
                start = text.column() + 1;
                startLine = text.line();
            } else {
                if (c > ' ') {
                    content = true;
                }
                append(index, startLine, start, c);
            }
            c = text.read();
        }
        if (index < needed) {
            int missing = index;
            while (fieldOf[missing] < 0) {
                missing++;
            }
            throw new DataException(text.where() + "short row: " + index + " cells, but column '" + header.get(missing)
                    + "' is number " + (missing + 1));
        }
        examples.endRow(line);
        return true;
    }

    /** The header's columns for a message: the first 20 of them. */
    private String columns() {
        List<String> shown = header.size() > 20 ? header.subList(0, 20) : header;
        return String.join(", ", shown) + (header.size() > 20 ? ", ... (" + header.size() + " columns)" : "");
    }

    /** Keeps a character of a cell the model reads. */
    private void append(int index, long line, long col, int c) {
        if (index < fieldOf.length && fieldOf[index] >= 0) {
            if (cell.length() >= MAX_CELL) {
                throw new DataException(file + ":" + line + ":" + col + ": column '" + header.get(index)
                        + "': the cell is longer than " + MAX_CELL + " characters");
            }
            cell.appendCodePoint(c);
        }
    }

    private void store(int index, long line, long col) {
        String s = cell.toString().trim();
        String where = file + ":" + line + ":" + col + ": column '" + header.get(index) + "': ";
        if (s.isEmpty()) {
            throw new DataException(where + "empty cell; expected a number");
        }
        String problem = Numbers.problem(s);
        if (problem != null) {
            throw new DataException(where + problem);
        }
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v)) {
            throw new DataException(where + "'" + s + "' is too large for a 64-bit number (beyond 1.8e308)");
        }
        TensorSpec spec = fields.get(fieldOf[index]);
        if (spec.classes() > 0) {
            if (v != Math.rint(v)) {
                throw new DataException(where + "class index '" + s + "' is not an integer");
            }
            if (v < 0 || v >= spec.classes()) {
                throw new DataException(where + "class " + s + " is out of range 0.." + (spec.classes() - 1));
            }
        }
        examples.set(fieldOf[index], slotOf[index], v);
    }
}
