package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The choice between sharing wide layers by output rows and by examples: forced, or measured on windows of steps. */
class SplitChooserTest {

    @Test
    void aForcedWayIsKept() {
        SplitChooser rows = new SplitChooser(1);
        SplitChooser examples = new SplitChooser(0);
        for (int step = 0; step < 100; step++) {
            assertThat(rows.rows()).isTrue();
            assertThat(examples.rows()).isFalse();
        }
        assertThat(rows.describe()).isEqualTo("output rows (-Dgradus.split)");
        assertThat(examples.describe()).isEqualTo("examples (-Dgradus.split)");
    }

    @Test
    void theFirstWindowsTryEachWayTwiceThenTheFasterRunsAndTheOtherIsRevisited() {
        SplitChooser c = new SplitChooser(-1);
        StringBuilder ways = new StringBuilder();
        int rowsWindows = 0;
        for (int window = 0; window < 40; window++) {
            boolean rows = c.rows();
            ways.append(rows ? 'r' : 'e');
            rowsWindows += rows ? 1 : 0;
            for (int step = 1; step < SplitChooser.STEPS; step++) {
                assertThat(c.rows()).as("one way a whole window").isEqualTo(rows);
                if (rows) {
                    LockSupport.parkNanos(1_000_000L); // a step by rows takes a millisecond more
                }
            }
            if (window == 3) {
                assertThat(ways).hasToString("rere");
                assertThat(c.describe()).isEqualTo("output rows or examples (being measured)");
            }
        }
        assertThat(rowsWindows).as("windows by rows out of 40: %s", ways).isBetween(3, 12);
        assertThat(ways.substring(ways.length() - 10)).contains("e");
        assertThat(c.describe()).startsWith("examples (measured, ms a step: rows ");
    }
}
