package dev.gradus.compiler.diag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A source file's name (as the user gave it) and text. The start of every line is indexed once,
 * so that looking up the line of a diagnostic costs nothing however many there are.
 */
public final class Source {
    private final String name;
    private final String text;
    private int[] lineStarts; // computed on first use

    public Source(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** Every line, without its terminator (a final terminator does not start an empty line). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(lineCount());
        for (int i = 1; i <= lineCount(); i++) {
            lines.add(line(i));
        }
        return lines;
    }

    /** How many lines the text has, as {@link String#lines()} counts them. */
    public int lineCount() {
        int[] starts = starts();
        int n = starts.length;
        return n > 0 && starts[n - 1] == text.length() ? n - 1 : n;
    }

    /** The text of a 1-based line, or "" past the end. */
    public String line(int line) {
        if (line < 1 || line > lineCount()) {
            return "";
        }
        int[] starts = starts();
        int from = starts[line - 1];
        int to = line < starts.length ? starts[line] : text.length();
        if (to > from && text.charAt(to - 1) == '\n') {
            to--;
        }
        if (to > from && text.charAt(to - 1) == '\r') {
            to--;
        }
        return text.substring(from, to);
    }

    private int[] starts() {
        if (lineStarts == null) {
            int[] starts = new int[16];
            int n = 0;
            starts[n++] = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean end = c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n');
                if (end) {
                    if (n == starts.length) {
                        starts = Arrays.copyOf(starts, n * 2);
                    }
                    starts[n++] = i + 1;
                }
            }
            lineStarts = Arrays.copyOf(starts, n);
        }
        return lineStarts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Source s && s.name.equals(name) && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + text.hashCode();
    }

    @Override
    public String toString() {
        return "Source[" + name + "]";
    }
}
