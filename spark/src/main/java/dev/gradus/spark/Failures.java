package dev.gradus.spark;

import dev.gradus.runtime.DataException;

/** A job that failed because of the data fails with the data's message, not Spark's wrapping of it. */
final class Failures {
    private Failures() {}

    static RuntimeException unwrap(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataException d) {
                return d;
            }
        }
        return e;
    }
}
