package dev.gradus.compiler.diag;

import java.util.List;

/** Compilation failed; carries every diagnostic. Never shown to users as a stack trace. */
public final class CompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    private final boolean stopped;

    public CompileException(List<Diagnostic> diagnostics) {
        this(diagnostics, false);
    }

    /** {@code stopped}: checking stopped after too many errors, so there may be more. */
    public CompileException(List<Diagnostic> diagnostics, boolean stopped) {
        super(diagnostics.isEmpty() ? "compilation failed" : diagnostics.get(0).render(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
        this.stopped = stopped;
    }

    /** Whether checking stopped after too many errors, so there may be more than {@link #diagnostics}. */
    public boolean stopped() {
        return stopped;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The first {@link Diagnostics#MAX_REPORTED} errors, rendered, then how many more there are. */
    public String render() {
        return render(Diagnostics.MAX_REPORTED);
    }

    /** The first {@code max} errors, rendered, then "and N more errors" if there are more. */
    public String render(int max) {
        return Diagnostics.render(diagnostics, max, stopped);
    }
}
