package dev.gradus.cli;

import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code -} for standard input or output, the Unix convention, in every data and output option;
 * {@code /dev/stdin}, {@code /dev/stdout}, {@code /dev/stderr} and named pipes work as the files
 * they are (outputs to them are written in place, never replaced). With an output to {@code -}, a
 * command's messages go to standard error, so that standard output holds only that output.
 */
final class Std {
    static final Path STDOUT = Path.of("/dev/stdout");
    static final Path STDIN = Path.of("/dev/stdin");
    /** Standard input's name in messages. */
    static final String STDIN_NAME = "<stdin>";

    private Std() {}

    static boolean dash(Path p) {
        return p != null && p.toString().equals("-");
    }

    /** An output: {@code -} is standard output. */
    static Path out(Path p) {
        return dash(p) ? STDOUT : p;
    }

    /** A binary input (parameters): {@code -} is standard input. */
    static Path in(Path p) {
        return dash(p) ? STDIN : p;
    }

    /** Reads a CSV file; {@code -} is standard input. */
    static DataSet csv(Path p, List<TensorSpec> fields) {
        return dash(p) ? Csv.read(STDIN_NAME, System.in, fields) : Csv.read(p, fields);
    }
}
