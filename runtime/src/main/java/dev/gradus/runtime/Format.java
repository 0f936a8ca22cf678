package dev.gradus.runtime;

/** Numbers in messages: integers without a fraction, others as Java prints doubles. */
final class Format {
    private Format() {}

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
