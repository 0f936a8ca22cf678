package dev.gradus.runtime;

/** The number syntax of data files: plain decimal numbers, as a spreadsheet writes them. */
public final class Numbers {
    private Numbers() {}

    /**
     * Null if {@code s} is a decimal number ({@code -1}, {@code .5}, {@code 2.}, {@code 1e-3}),
     * else why not. {@code NaN}, {@code Infinity} and Java's {@code 1f}, {@code 1d}, {@code 0x1p3}
     * are not.
     */
    public static String problem(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        String body = s.substring(i).toLowerCase(java.util.Locale.ROOT);
        if (body.equals("nan") || body.startsWith("inf")) {
            return "'" + s + "' is not a finite number; data must be finite numbers";
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits > 0 && i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return "'" + s + "' is not a number (an exponent needs digits)";
            }
        }
        if (digits == 0 || i != n) {
            return "'" + s + "' is not a number" + (digits > 0 ? " (write plain decimal numbers like 1.5 or 2e-3)" : "");
        }
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
