package dev.gradus.compiler.diag;

import java.util.List;

/** A source file's name (as the user gave it) and text, split into lines for diagnostics. */
public record Source(String name, String text) {

    public List<String> lines() {
        return text.lines().toList();
    }

    /** The text of a 1-based line, or "" past the end. */
    public String line(int line) {
        List<String> lines = lines();
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }
}
