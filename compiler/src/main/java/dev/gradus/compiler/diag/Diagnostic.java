package dev.gradus.compiler.diag;

/** One error in a source file, rendered as {@code FILE:LINE:COL: error: MESSAGE}, the line and a caret. */
public record Diagnostic(Source source, Position position, String message) {
    /** Lines longer than this are shown as a window around the column, with "..." where text is left out. */
    static final int MAX_SHOWN = 160;

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
        return source.name() + ":" + position.line() + ":" + position.column() + ": error: " + message
                + "\n" + prefix + line + suffix + "\n" + caret;
    }
}
