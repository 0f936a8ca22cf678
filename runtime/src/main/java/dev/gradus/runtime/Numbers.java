package dev.gradus.runtime;

/** The number syntax of data files: plain decimal numbers, as a spreadsheet writes them. */
public final class Numbers {
    private Numbers() {}

    /**
     * A number in a message as a .net or data file writes it: {@code 3}, not {@code 3.0}; {@code 0.0001}, not
     * Java's {@code 1.0E-4}; very large or small ones as {@code 1e30}, {@code 2.5e-12}.
     */
    public static String written(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        String plain = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return Math.abs(v) >= 1e-4 && plain.length() <= 12 ? plain : String.valueOf(v).replace(".0E", "E").replace('E', 'e');
    }

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
