package dev.gradus.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code x=1,y=2,W=[[1,2],[3,4]]}: names with numbers, vectors or matrices, flattened row-major. */
final class Assignments {
    private Assignments() {}

    static Map<String, double[]> parse(String text) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String part : splitTopLevel(text)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new CliException("expected NAME=VALUE, found '" + part + "'");
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).replace("[", " ").replace("]", " ").trim();
            List<Double> numbers = new ArrayList<>();
            for (String s : value.split("[,\\s]+")) {
                if (s.isEmpty()) {
                    continue;
                }
                try {
                    numbers.add(Double.parseDouble(s));
                } catch (NumberFormatException e) {
                    throw new CliException("'" + name + "': '" + s + "' is not a number");
                }
            }
            out.put(name, numbers.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return out;
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            parts.add(cur.toString());
        }
        return parts;
    }
}
