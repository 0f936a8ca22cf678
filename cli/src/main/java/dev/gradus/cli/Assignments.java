package dev.gradus.cli;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import dev.gradus.runtime.Numbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one strict parser of {@code --at} and {@code --predict} values, shared by every command:
 * {@code x=1,y=2,v=[1,2],W=[[1,2],[3,4]]}. A value is a number, a list of numbers or nested lists up
 * to a rank-4 tensor's (row-major); numbers are the data files' plain finite decimals. A
 * missing or extra comma or bracket, a name given twice, {@code NaN}, {@code Infinity} and numbers
 * beyond ±1.8e308 ({@code 1e400}) are errors, and so is a value whose shape is not its tensor's: a
 * list of lists is only for a matrix (its rows and columns must match), a flat list must have the
 * tensor's number of values, and a class value is an integer index in range, never a vector.
 * Every error is a usage error (exit 2) naming the option.
 */
final class Assignments {
    private Assignments() {}

    /** A value as written: its numbers, row-major, and its dimensions ({@code []} for a bare number). */
    record Value(double[] numbers, int[] dims) {}

    /** {@link #parse(String)}, with a problem reported as a usage error of {@code option}. */
    static Map<String, Value> parse(CommandSpec spec, String option, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(spec, option, e);
        }
    }

    static CommandLine.ParameterException usage(CommandSpec spec, String option, IllegalArgumentException e) {
        return new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }

    /** Parses {@code NAME=VALUE,...}; throws an IllegalArgumentException saying what is wrong and where. */
    static Map<String, Value> parse(String text) {
        Map<String, Value> out = new LinkedHashMap<>();
        Reader r = new Reader(text);
        String previous = null;
        do {
            int at = r.i;
            String name = r.name();
            if (!name.isEmpty() && !Character.isLetter(name.codePointAt(0)) && name.charAt(0) != '_') { // x=5,6
                throw new IllegalArgumentException("expected a name at character " + (at + 1) + ", found '" + name + "'"
                        + (previous == null ? "" : "; a list of values is written in brackets: " + previous + "=[...]"));
            }
            r.expect('=');
            Value v = r.value();
            previous = name;
            if (out.put(name, v) != null) {
                throw new IllegalArgumentException("'" + name + "' is given twice (at character " + (at + 1) + ")");
            }
        } while (r.accept(','));
        if (!r.atEnd()) {
            throw r.error("expected ',' or the end");
        }
        return out;
    }

    /**
     * The numbers of {@code v} for the tensor {@code name} of {@code shape}; {@code classes > 0}: class
     * indices in 0..classes-1. Throws an IllegalArgumentException if they do not fit.
     */
    static double[] fit(String name, Value v, Shape shape, int classes) {
        int[] dims = dims(shape);
        int size = shape.size();
        String declared = shape.isScalar() ? "a scalar" : "of shape " + Arrays.toString(dims) + " (" + size + " values)";
        if (classes > 0 && shape.isScalar() && v.dims().length > 0) {
            throw new IllegalArgumentException("'" + name + "' is a class index in 0.." + (classes - 1) + ", found a list "
                    + written(v));
        }
        if (v.dims().length >= 2 && !Arrays.equals(v.dims(), dims)) {
            StringBuilder by = new StringBuilder();
            for (int d : v.dims()) {
                by.append(by.length() == 0 ? "" : "x").append(d);
            }
            throw new IllegalArgumentException("'" + name + "' is " + declared + ", found a " + by + " list of lists");
        }
        if (v.numbers().length != size) {
            throw new IllegalArgumentException("'" + name + "' is " + declared + ", found " + v.numbers().length
                    + (v.numbers().length == 1 ? " value" : " values"));
        }
        if (classes > 0) {
            for (double c : v.numbers()) {
                if (c != Math.rint(c) || c < 0 || c >= classes) {
                    throw new IllegalArgumentException("'" + name + "' is " + (shape.isScalar() ? "a class index" : declared
                            + " of class indices") + " in 0.." + (classes - 1) + ", found " + written(v));
                }
            }
        }
        return v.numbers();
    }

    /** The values for a model's inputs ({@code withTargets}: and targets) only, each checked against its declaration. */
    static Map<String, double[]> fields(CheckedModel m, Map<String, Value> given, boolean withTargets) {
        Map<String, double[]> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Node.Input f : m.fields()) {
            if (withTargets || !f.target()) {
                names.add(f.name());
            }
        }
        // a name the model lacks first: 'z=2' for a model of x is a misspelt name more than a missing x
        for (String n : given.keySet()) {
            if (!names.contains(n)) {
                throw new IllegalArgumentException("'" + n + "' is not " + (withTargets ? "an input or target" : "an input")
                        + " of model " + m.name() + " (its " + (withTargets ? "inputs and targets" : "inputs") + ": "
                        + String.join(", ", names) + ")");
            }
        }
        for (Node.Input f : m.fields()) {
            if (withTargets || !f.target()) {
                Value v = given.get(f.name());
                if (v == null) {
                    throw new IllegalArgumentException("needs a value for " + (f.target() ? "target" : "input") + " '" + f.name()
                            + "' (" + f.name() + "=...)");
                }
                out.put(f.name(), fit(f.name(), v, f.shape(), f.classes()));
            }
        }
        return out;
    }

    /** Checks each given value against the model's input, target or parameter of its name. */
    static Map<String, double[]> any(CheckedModel m, Map<String, Value> given) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : given.entrySet()) {
            String n = e.getKey();
            Node.Input f = m.fields().stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
            CheckedModel.Parameter p = m.params().stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
            if (f != null) {
                out.put(n, fit(n, e.getValue(), f.shape(), f.classes()));
            } else if (p != null) {
                out.put(n, fit(n, e.getValue(), p.node().shape(), 0));
            } else {
                throw new IllegalArgumentException("'" + n + "' is not an input, target or parameter of model " + m.name());
            }
        }
        return out;
    }

    private static int[] dims(Shape s) {
        int[] dims = new int[s.isScalar() ? 0 : s.rank()];
        for (int k = 0; k < dims.length; k++) {
            dims[k] = s.dim(k);
        }
        return dims;
    }

    private static String written(Value v) {
        return v.dims().length == 0 ? Numbers.written(v.numbers()[0])
                : Arrays.stream(v.numbers()).mapToObj(Numbers::written).toList().toString(); // 3, not 3.0: as written
    }

    /** A recursive-descent reader of the grammar; nesting is at most four lists deep. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        String name() {
            skip();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.codePointAt(i)) || s.charAt(i) == '_')) {
                i += Character.charCount(s.codePointAt(i));
            }
            if (i == start) {
                throw error("expected a name");
            }
            String n = s.substring(start, i);
            skip();
            return n;
        }

        Value value() {
            skip();
            if (peek() != '[') {
                return new Value(new double[] {number()}, new int[0]);
            }
            List<Double> numbers = new ArrayList<>();
            int[] dims = list(numbers, 1);
            return new Value(numbers.stream().mapToDouble(Double::doubleValue).toArray(), dims);
        }

        /**
         * {@code [n, ...]} or {@code [[...], ...]} at nesting {@code depth} (1 outermost, at most 4, a
         * rank-4 tensor): every element at one depth a number or every one an equally shaped list.
         * Returns the dimensions of the list, outermost first.
         */
        private int[] list(List<Double> into, int depth) {
            expect('[');
            skip();
            if (peek() != '[') {
                int n = 0;
                do {
                    if (peek() == '[') {
                        throw error("a list mixes numbers and lists");
                    }
                    into.add(number());
                    n++;
                } while (accept(','));
                expect(']');
                return new int[] {n};
            }
            if (depth == 4) {
                throw error("lists nest at most four deep (a rank-4 tensor)");
            }
            int[] inner = null;
            int n = 0;
            do {
                skip();
                if (peek() != '[') {
                    throw error("a list mixes numbers and lists");
                }
                int[] d = list(into, depth + 1);
                if (inner != null && !Arrays.equals(inner, d)) {
                    throw error(depth == 1 && d.length == 1 ? "rows of different lengths (" + inner[0] + " and " + d[0] + ")"
                            : "lists of different shapes (" + Arrays.toString(inner) + " and " + Arrays.toString(d) + ")");
                }
                inner = d;
                n++;
            } while (accept(','));
            expect(']');
            int[] dims = new int[inner.length + 1];
            dims[0] = n;
            System.arraycopy(inner, 0, dims, 1, inner.length);
            return dims;
        }

        double number() {
            skip();
            int start = i;
            while (i < s.length() && ",[]= \t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String t = s.substring(start, i);
            skip();
            if (t.isEmpty()) {
                i = start;
                throw error("expected a number");
            }
            String problem = Numbers.problem(t);
            if (problem != null) {
                i = start;
                throw error(problem.replace("; data must be finite numbers", ""));
            }
            double v = Double.parseDouble(t);
            if (Double.isInfinite(v)) {
                i = start;
                throw error("'" + t + "' is too large for a 64-bit number (beyond 1.8e308)");
            }
            return v;
        }

        boolean accept(char c) {
            skip();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                skip();
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw error("expected '" + c + "'");
            }
        }

        char peek() {
            skip();
            return i < s.length() ? s.charAt(i) : 0;
        }

        boolean atEnd() {
            skip();
            return i >= s.length();
        }

        private void skip() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        IllegalArgumentException error(String what) {
            String found = i < s.length() ? " at character " + (i + 1) + " ('" + s.substring(i, Math.min(s.length(), i + 10)) + "')"
                    : ", found the end";
            return new IllegalArgumentException((what + found + " in '" + s + "'").codePoints()
                    .mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\u%04X", c) : Character.toString(c))
                    .collect(java.util.stream.Collectors.joining()));
        }
    }
}
