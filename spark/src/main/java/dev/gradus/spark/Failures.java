package dev.gradus.spark;

import dev.gradus.runtime.DataException;

/** A job that failed because of the data fails with the data's message, not Spark's wrapping of it. */
final class Failures {
    private static final String MARK = DataException.class.getName() + ": ";

    private Failures() {}

    /** The data error that made {@code e}, or null. Spark's exceptions are checked ones to Java, thrown unchecked from Scala. */
    static DataException dataError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataException d) {
                return d;
            }
            // Spark reports an executor's failure in its message ("... Lost task ...: CLASS: MESSAGE\n\nDriver stacktrace: ...")
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(MARK);
            if (at >= 0) {
                int end = m.indexOf('\n', at);
                return new DataException(m.substring(at + MARK.length(), end < 0 ? m.length() : end).strip());
            }
        }
        return null;
    }
}
