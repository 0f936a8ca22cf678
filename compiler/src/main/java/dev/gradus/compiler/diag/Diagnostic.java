package dev.gradus.compiler.diag;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One error in a source file, rendered as {@code FILE:LINE:COL: error: MESSAGE}, the line and a caret. */
public record Diagnostic(Source source, Position position, String message) {
    /** Lines longer than this are shown as a window around the column, with "..." where text is left out. */
    static final int MAX_SHOWN = 160;
    /** A quoted name or expression in a message longer than this is shortened to its start and its length. */
    static final int MAX_QUOTED = 200;
    private static final Pattern QUOTED = Pattern.compile("'([^'\n]{" + (MAX_QUOTED + 1) + ",})'");

    public String render() {
        String line = source.line(position.line());
        int col = position.column() - 1;
        String prefix = "";
        String suffix = "";
        if (line.length() > MAX_SHOWN) {
            int from = Math.max(0, Math.min(col, line.length()) - MAX_SHOWN / 2);
            int to = Math.min(line.length(), from + MAX_SHOWN);
            prefix = from > 0 ? "..." : "";
            suffix = to < line.length() ? "..." : "";
            line = line.substring(from, to);
            col -= from;
        }
        StringBuilder caret = new StringBuilder(prefix.isEmpty() ? "" : "   ");
        for (int i = 0; i < col && i < line.length(); i++) {
            caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return source.name() + ":" + position.line() + ":" + position.column() + ": error: " + shortened(message)
                + "\n" + prefix + line + suffix + "\n" + caret;
    }

    /** The message with every quoted text over {@link #MAX_QUOTED} characters cut to its first 60 and its length (a hostile name can have 64 Ki). */
    static String shortened(String message) {
        return QUOTED.matcher(message).replaceAll(m -> Matcher.quoteReplacement(
                "'" + m.group(1).substring(0, 60) + "...' (" + m.group(1).length() + " characters)"));
    }
}
