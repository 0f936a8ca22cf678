package dev.gradus.compiler.diag;

/** One error in a source file, rendered as {@code FILE:LINE:COL: error: MESSAGE}, the line and a caret. */
public record Diagnostic(Source source, Position position, String message) {

    public String render() {
        String line = source.line(position.line());
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < position.column() - 1 && i < line.length(); i++) {
            caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return source.name() + ":" + position.line() + ":" + position.column() + ": error: " + message
                + "\n" + line + "\n" + caret;
    }
}
