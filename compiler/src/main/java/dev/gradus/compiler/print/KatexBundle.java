package dev.gradus.compiler.print;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vendored KaTeX (resources {@code katex/}: KaTeX 0.19.1, MIT) made self-contained for one
 * HTML page: its stylesheet with every font inlined as a woff2 {@code data:} URI (the woff and ttf
 * fallbacks dropped), and its script. A page using them loads nothing from anywhere.
 */
final class KatexBundle {
    private static final Pattern FONT_FACE_SRC = Pattern.compile("src:url\\(fonts/([A-Za-z0-9_-]+)\\.woff2\\) format\\(\"woff2\"\\)[^;}]*");

    private KatexBundle() {}

    static String css() {
        String css = resource("katex.min.css");
        Matcher m = FONT_FACE_SRC.matcher(css);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String font = Base64.getEncoder().encodeToString(bytes("fonts/" + m.group(1) + ".woff2"));
            m.appendReplacement(out, Matcher.quoteReplacement("src:url(data:font/woff2;base64," + font + ") format(\"woff2\")"));
        }
        m.appendTail(out);
        String result = out.toString();
        if (result.contains("url(fonts/")) {
            throw new IllegalStateException("the KaTeX stylesheet refers to a font file this bundle did not inline");
        }
        return result;
    }

    static String script() {
        return resource("katex.min.js").replace("</script", "<\\/script");
    }

    private static String resource(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = KatexBundle.class.getResourceAsStream("katex/" + name)) {
            if (in == null) {
                throw new IllegalStateException("KaTeX resource katex/" + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
