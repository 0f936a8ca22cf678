package dev.gradus.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) for safetensors headers: objects become maps in order, arrays lists,
 * strings strings, numbers {@link Long} when written as integers ({@link java.math.BigInteger} beyond a long) and {@link Double} otherwise,
 * {@code true}/{@code false}/{@code null} as themselves. Nesting deeper than {@link #MAX_DEPTH} and
 * a key that appears twice in one object are errors, and so are a NUL anywhere (raw or escaped)
 * and an escape of a lone UTF-16 surrogate, which no name can hold. Every
 * error is an {@link IllegalArgumentException} whose message says what, at which character of the
 * header and at which byte of the file (the header starts at byte 8), with control characters
 * shown as escapes, never raw.
 */
final class Json {
    static final int MAX_DEPTH = 64;

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        Json j = new Json(text);
        Object v = j.value(0);
        j.skip();
        if (j.i != text.length()) {
            throw j.error("unexpected text after the end");
        }
        return v;
    }

    private Object value(int depth) {
        skip();
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(i);
        if (c == '{' || c == '[') {
            if (depth >= MAX_DEPTH) {
                throw error("nested more than " + MAX_DEPTH + " deep");
            }
            return c == '{' ? object(depth) : array(depth);
        }
        if (c == '"') {
            return string();
        }
        if (c == 0) {
            throw error("a NUL byte");
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (s.startsWith(word, i)) {
                i += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        return number();
    }

    private Map<String, Object> object(int depth) {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        skip();
        if (peek('}')) {
            return m;
        }
        do {
            skip();
            int at = i;
            String k = string();
            skip();
            expect(':');
            Object v = value(depth + 1);
            if (m.containsKey(k)) {
                i = at;
                throw error("the key \"" + k + "\" appears twice");
            }
            m.put(k, v);
            skip();
        } while (peek(','));
        expect('}');
        return m;
    }

    private List<Object> array(int depth) {
        i++;
        List<Object> l = new ArrayList<>();
        skip();
        if (peek(']')) {
            return l;
        }
        do {
            l.add(value(depth + 1));
            skip();
        } while (peek(','));
        expect(']');
        return l;
    }

    private Object number() {
        int start = i;
        peek('-');
        if (peek('0')) {
            // a single zero: no leading zeros
        } else if (!digits()) {
            i = start;
            throw error("unexpected " + shown(s.charAt(i)));
        }
        boolean integral = true;
        if (peek('.')) {
            integral = false;
            if (!digits()) {
                throw error("a digit must follow the decimal point");
            }
        }
        if (peek('e') || peek('E')) {
            integral = false;
            if (!peek('+')) {
                peek('-');
            }
            if (!digits()) {
                throw error("a digit must follow the exponent");
            }
        }
        String text = s.substring(start, i);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // an integer too large for a long: only its sign matters to a caller
                return text.startsWith("-") ? java.math.BigInteger.ONE.negate().shiftLeft(64) : java.math.BigInteger.ONE.shiftLeft(64);
            }
        }
        return Double.parseDouble(text);
    }

    private boolean digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i > start;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                i--;
                throw error(c == 0 ? "a NUL byte in a string" : "a control character (" + shown(c) + ") in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    char u = (char) Integer.parseInt(s.substring(i, i + 4), 16);
                    i -= 2;
                    if (u == 0) {
                        throw error("a NUL (\\u0000) in a string");
                    }
                    if (Character.isLowSurrogate(u) || Character.isHighSurrogate(u) && !lowSurrogateFollows()) {
                        throw error("a lone surrogate \\u" + s.substring(i + 2, i + 6) + " in a string");
                    }
                    b.append(u);
                    i += 6;
                    if (Character.isHighSurrogate(u)) {
                        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                        i += 6;
                    }
                }
                default -> {
                    i--;
                    throw error("unknown escape \\" + e);
                }
            }
        }
    }

    /** After a high surrogate's escape at {@code i}: whether {@code \\uDC00}..{@code \\uDFFF} follows. */
    private boolean lowSurrogateFollows() {
        int at = i + 6;
        return at + 6 <= s.length() && s.charAt(at) == '\\' && s.charAt(at + 1) == 'u'
                && s.substring(at + 2, at + 6).matches("[0-9a-fA-F]{4}")
                && Character.isLowSurrogate((char) Integer.parseInt(s.substring(at + 2, at + 6), 16));
    }

    /** A character for a message: itself in quotes, or an escape for a control character. */
    static String shown(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04X", (int) c) : "'" + c + "'";
    }

    private boolean peek(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error(i < s.length() ? "expected '" + c + "', found " + shown(s.charAt(i)) : "expected '" + c + "' at the end");
        }
    }

    private void skip() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
            i++;
        }
    }

    private IllegalArgumentException error(String what) {
        long bytes = 8 + s.substring(0, Math.min(i, s.length())).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return new IllegalArgumentException(what + " at character " + (i + 1) + " of the header (byte " + bytes + " of the file)");
    }
}
