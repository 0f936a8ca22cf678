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

    /** After this many errors, checking stops (the parser, which is linear, always finishes). */
    public static final int MAX_FOUND = 1000;

    /** Thrown by {@link #error} once the limit set by {@link #stopAfter} is reached; the pass that reports stops. */
    public static final class TooManyErrors extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyErrors() {
            super("too many errors", null, false, false);
        }
    }

    private final Source source;
    private int stopAfter = Integer.MAX_VALUE;
    private boolean stopped;
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
            if (errors.size() >= stopAfter) {
                stopped = true;
                throw new TooManyErrors();
            }
        }
    }

    /** From now on, the error that makes {@code max} stops the pass by throwing {@link TooManyErrors}. */
    public void stopAfter(int max) {
        stopAfter = max;
    }

    /** Whether a pass was stopped by too many errors (so there may be more than were found). */
    public boolean stopped() {
        return stopped;
    }

    /** True once there are more errors than are shown: expensive hints ("did you mean") can be skipped. */
    public boolean full() {
        return errors.size() >= MAX_REPORTED;
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
        return render(errors(), MAX_REPORTED, stopped);
    }

    /** The first {@code max} of {@code errors}, rendered one after another, then "and N more errors". */
    public static String render(List<Diagnostic> errors, int max, boolean stopped) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(errors.size(), Math.max(max, 0));
        for (int i = 0; i < shown; i++) {
            out.append(errors.get(i).render()).append('\n');
        }
        int more = errors.size() - shown;
        if (more > 0) {
            out.append("and ").append(stopped ? "at least " : "").append(more)
                    .append(more == 1 ? " more error" : " more errors")
                    .append(" (only the first ").append(shown).append(" are shown)\n");
        }
        if (stopped) {
            out.append("checking stopped after ").append(errors.size()).append(" errors\n");
        }
        return out.toString();
    }

    /** Throws a {@link CompileException} carrying every error, if there is any. */
    public void throwIfErrors() {
        if (hasErrors()) {
            throw new CompileException(errors(), stopped);
        }
    }
}
