package dev.gradus.cli.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Failures of the compiler core that are known, filed (issues 10 and 14) and being fixed by the
 * rewrite of check/, lower/ and emit/. The mutation fuzzer prints every model that hits one of these
 * and goes on; any other failure fails the build. Remove an entry when its fix is merged; the list
 * should end empty. The corpus cases for them are in {@code fuzz/pending}, run with
 * {@code -Dgradus.fuzz.pending=true}.
 */
final class KnownCoreBugs {
    private KnownCoreBugs() {}

    /** Output of a run (stdout and stderr) that shows a known core bug. */
    static final List<Pattern> TOLERATED = List.of(
            // target label : class(0) / class(-1): the checker returns no target node.
            Pattern.compile("internal error: java\\.lang\\.NullPointerException: Cannot invoke \"dev\\.gradus\\.compiler\\.ir\\.Node\\.shape\\(\\)\""),
            // a model named like a Java keyword or reserved name ('int', 'var', ...): JavaPoet refuses it.
            Pattern.compile("internal error: java\\.lang\\.IllegalArgumentException: not a valid name"));

    /** The first entry that {@code output} matches, or null. */
    static Pattern match(String output) {
        for (Pattern p : TOLERATED) {
            if (p.matcher(output).find()) {
                return p;
            }
        }
        return null;
    }
}
