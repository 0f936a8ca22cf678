package dev.gradus.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every error found in one source so that all of them are reported, in source order.
 * Adding is constant time, so a file with tens of thousands of errors is reported in linear time;
 * rendering shows the first {@link #MAX_REPORTED} (as javac's {@code -Xmaxerrs}) and counts the rest.
 */
public final class Diagnostics {
    /** How many errors are shown; the rest are counted ("and N more errors"). */
    public static final int MAX_REPORTED = 100;

    private final Source source;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final Set<Diagnostic> seen = new HashSet<>();

    public Diagnostics(Source source) {
        this.source = source;
    }

    public Source source() {
        return source;
    }

    public void error(Position at, String message) {
        Diagnostic d = new Diagnostic(source, at, message);
        if (seen.add(d)) {
            errors.add(d);
        }
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** How many distinct errors there are. */
    public int count() {
        return errors.size();
    }

    public List<Diagnostic> errors() {
        List<Diagnostic> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing(Diagnostic::position));
        return sorted;
    }

    /** The first {@link #MAX_REPORTED} errors, rendered, then how many more there are. */
    public String render() {
        return render(errors(), MAX_REPORTED);
    }

    /** The first {@code max} of {@code errors}, rendered one after another, then "and N more errors". */
    public static String render(List<Diagnostic> errors, int max) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(errors.size(), Math.max(max, 0));
        for (int i = 0; i < shown; i++) {
            out.append(errors.get(i).render()).append('\n');
        }
        int more = errors.size() - shown;
        if (more > 0) {
            out.append("and ").append(more).append(more == 1 ? " more error" : " more errors")
                    .append(" (only the first ").append(shown).append(" are shown)\n");
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
