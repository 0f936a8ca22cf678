package dev.gradus.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every error found in one source so that all of them are reported, in source order. */
public final class Diagnostics {
    private final Source source;
    private final List<Diagnostic> errors = new ArrayList<>();

    public Diagnostics(Source source) {
        this.source = source;
    }

    public Source source() {
        return source;
    }

    public void error(Position at, String message) {
        Diagnostic d = new Diagnostic(source, at, message);
        if (!errors.contains(d)) {
            errors.add(d);
        }
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<Diagnostic> errors() {
        List<Diagnostic> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing(Diagnostic::position));
        return sorted;
    }

    /** Every error, rendered, one after another. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : errors()) {
            out.append(d.render()).append('\n');
        }
        return out.toString();
    }

    /** Throws a {@link CompileException} carrying every error, if there is any. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new CompileException(errors());
        }
    }
}
