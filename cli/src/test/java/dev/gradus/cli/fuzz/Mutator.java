package dev.gradus.cli.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutations of a .net file as a hostile user or a broken editor would make them: tokens deleted,
 * duplicated, swapped or replaced, random bytes, truncation, duplicated lines and nesting blow-ups.
 */
final class Mutator {
    private static final Pattern TOKEN = Pattern.compile("\\s+|[A-Za-z_][A-Za-z_0-9]*|[0-9.]+(?:[eE][-+]?[0-9]+)?|\\*\\*|.",
            Pattern.DOTALL);
    /** Tokens worth inserting: keywords, operators, odd numbers and names of the runtime and of Java. */
    private static final String[] VOCABULARY = {"model", "input", "target", "param", "const", "output", "loss", "train",
            "init", "class", "(", ")", "[", "]", "{", "}", ",", ":", "=", "+", "-", "*", "/", "@", "^", "**", "0", "-1",
            "1e400", "1e-400", "NaN", "Infinity", "0.0", "100000", "2147483648", "\"s\"", "\"", "#", "/*", "x", "y",
            "sum", "mean", "exp", "log", "relu", "softmax", "mse", "cross_entropy", "int", "var", "_", "Math", "Trainer",
            "axis", "batch", "epochs", "lr", "sgd", "adam", "zeros", "uniform"};
    private static final String[] WRAPPERS = {"(", "-", "exp(", "sum(", "-(", "relu(", "x^"};

    private final Random random;

    Mutator(long seed) {
        random = new Random(seed);
    }

    /** One to three mutations of {@code seed}. */
    byte[] mutate(String seed) {
        byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            bytes = once(bytes);
        }
        return bytes;
    }

    private byte[] once(byte[] bytes) {
        int kind = random.nextInt(10);
        if (kind >= 7 || bytes.length == 0) {
            return bytesMutation(kind, bytes);
        }
        List<String> tokens = tokens(new String(bytes, StandardCharsets.UTF_8));
        if (tokens.isEmpty()) {
            return bytes;
        }
        int i = random.nextInt(tokens.size());
        switch (kind) {
            case 0 -> tokens.remove(i);
            case 1 -> tokens.add(i, tokens.get(i));
            case 2 -> {
                int j = Math.min(tokens.size() - 1, i + 1 + random.nextInt(3));
                String t = tokens.get(i);
                tokens.set(i, tokens.get(j));
                tokens.set(j, t);
            }
            case 3 -> tokens.set(i, " " + VOCABULARY[random.nextInt(VOCABULARY.length)] + " ");
            case 4 -> tokens.add(i, " " + VOCABULARY[random.nextInt(VOCABULARY.length)] + " ");
            case 5 -> tokens.set(i, tokens.get(random.nextInt(tokens.size())));
            default -> nest(tokens, i);
        }
        return String.join("", tokens).getBytes(StandardCharsets.UTF_8);
    }

    /** Wraps a name in many parentheses, calls, minuses or powers, or makes it a long sum. */
    private void nest(List<String> tokens, int i) {
        while (i < tokens.size() && !Character.isLetter(tokens.get(i).charAt(0))) {
            i++;
        }
        if (i == tokens.size()) {
            return;
        }
        int depth = new int[] {10, 200, 300, 3000}[random.nextInt(4)];
        String name = tokens.get(i);
        StringBuilder s = new StringBuilder();
        if (random.nextInt(5) == 0) {
            s.append(name);
            s.append(("+" + name).repeat(depth));
        } else {
            String w = WRAPPERS[random.nextInt(WRAPPERS.length)];
            s.append(w.repeat(depth)).append(name);
            long open = w.chars().filter(c -> c == '(').count();
            s.append(")".repeat((int) (open * depth)));
        }
        tokens.set(i, s.toString());
    }

    private byte[] bytesMutation(int kind, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
        switch (kind) {
            case 7 -> { // a random byte in, or a byte flipped
                out.write(bytes, 0, at);
                out.write(random.nextInt(256));
                int skip = random.nextBoolean() && at < bytes.length ? 1 : 0;
                out.write(bytes, at + skip, bytes.length - at - skip);
            }
            case 8 -> out.write(bytes, 0, at); // truncated
            default -> { // a line duplicated
                String text = new String(bytes, StandardCharsets.UTF_8);
                String[] lines = text.split("\n", -1);
                int line = random.nextInt(lines.length);
                List<String> copy = new ArrayList<>(List.of(lines));
                copy.add(line, lines[line]);
                return String.join("\n", copy).getBytes(StandardCharsets.UTF_8);
            }
        }
        return out.toByteArray();
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }
}
