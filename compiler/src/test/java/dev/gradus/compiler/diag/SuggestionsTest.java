package dev.gradus.compiler.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    /** The full table, for reference: the banded distance must agree with it wherever it is within the limit. */
    private static int fullDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                d[i][j] = i == 0 ? j : j == 0 ? i
                        : Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return d[a.length()][b.length()];
    }

    @Test
    void theBandedDistanceIsTheEditDistanceUpToItsLimit() {
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            String a = word(random);
            String b = random.nextBoolean() ? word(random) : mutate(a, random);
            int limit = random.nextInt(4);
            int full = fullDistance(a, b);
            assertThat(Suggestions.distance(a, b, limit)).as("'%s' '%s' limit %d", a, b, limit).isEqualTo(Math.min(full, limit + 1));
        }
    }

    @Test
    void aHintIsTheClosestNameWithinTwoEdits() {
        assertThat(Suggestions.suggestion("xx", List.of("x", "w"))).isEqualTo("; did you mean 'x'?");
        assertThat(Suggestions.suggestion("hiden", List.of("hidden", "hide_n", "h"))).isEqualTo("; did you mean 'hidden'?");
        assertThat(Suggestions.suggestion("Weights", List.of("weights"))).isEqualTo("; did you mean 'weights'?");
        assertThat(Suggestions.suggestion("abc", List.of("xyz"))).isEmpty();
    }

    /** A hostile name (64 Ki characters, against names as long): the full table would be 4 billion cells, seconds; the band is 330 thousand. */
    @Test
    void hugeNamesGetTheirHintFromTheBand() {
        String name = "a".repeat(65_536);
        String other = "a".repeat(65_535) + "b";
        assertThat(Suggestions.suggestion(name, List.of(other, "a".repeat(1000), name + "ccc"))).isEqualTo("; did you mean '" + other + "'?");
        assertThat(Suggestions.distance(name, name + "ccc", 2)).isEqualTo(3);
    }

    private static String word(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(9);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + random.nextInt(3)));
        }
        return s.toString();
    }

    private static String mutate(String a, Random random) {
        StringBuilder s = new StringBuilder(a);
        for (int edits = random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> s.insert(at, (char) ('a' + random.nextInt(3)));
                case 1 -> { if (at < s.length()) s.deleteCharAt(at); }
                default -> { if (at < s.length()) s.setCharAt(at, (char) ('a' + random.nextInt(3))); }
            }
        }
        return s.toString();
    }
}
