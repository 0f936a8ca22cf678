package dev.gradus.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** The --json output of check, eval, summary and train: one JSON object a line, written by jackson-core. */
final class JsonOutput {
    private JsonOutput() {}

    private static final JsonFactory FACTORY = new JsonFactory();

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object, written by {@code body} between its braces, as one line of text. */
    static String object(Body body) {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(s)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }

    /** A number, or null where it is not finite (JSON has no NaN). */
    static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }

    /** {@code {"accuracy": 0.9, ...}} under {@code field}. */
    static void numbers(JsonGenerator g, String field, Map<String, Double> values) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, Double> e : values.entrySet()) {
            number(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
