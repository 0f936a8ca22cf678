package dev.gradus.compiler.diag;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints: the closest candidate within two edits (the checker's, and the command line's for its options). */
public final class Suggestions {
    private Suggestions() {}

    /** The most edits a hint may be away from the name. */
    private static final int MAX_EDITS = 2;

    /** "; did you mean 'x'?" for the closest candidate within two edits, or "". */
    public static String suggestion(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            if (bestDistance == 0) {
                break;
            }
            int d = distance(lower, c.toLowerCase(Locale.ROOT), bestDistance - 1);
            if (d < bestDistance && d < Math.max(2, name.length() / 2 + 1)) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /**
     * The edit (Levenshtein) distance of a and b when it is at most limit (at least 0), else limit + 1. Only the
     * band of cells within limit of the diagonal can hold such a distance, so this takes
     * O(length x limit), not O(length²): names may be a thousand characters long, and hostile ones longer.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int far = limit + 1;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = Math.min(j, far);
        }
        for (int i = 1; i <= a.length(); i++) {
            int from = Math.max(1, i - limit);
            int to = Math.min(b.length(), i + limit);
            cur[0] = Math.min(i, far);
            if (from > 1) {
                cur[from - 1] = far;
            }
            int rowMin = cur[0];
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int up = j <= i - 1 + limit ? prev[j] : far;
                int d = Math.min(Math.min(cur[j - 1] + 1, up + 1), prev[j - 1] + cost);
                cur[j] = Math.min(d, far);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (to < b.length()) {
                cur[to + 1] = far;
            }
            if (rowMin >= far) {
                return far;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
