package dev.gradus.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads a CSV of {@code x[0..3]} and {@code y} in a JVM of its own, so a test can give it a small
 * heap: prints the examples and the sum of every value and exits 0, or prints the error and exits
 * 1, or exits 3 if memory ran out without a clear error.
 */
public final class CsvProbe {
    private CsvProbe() {}

    public static void main(String[] args) {
        try {
            DataSet d = Csv.read(Path.of(args[0]), List.of(new TensorSpec("x", 4), new TensorSpec("y")));
            double sum = 0;
            for (String f : List.of("x", "y")) {
                for (double[] row : d.rows(f)) {
                    for (double v : row) {
                        sum += v;
                    }
                }
            }
            System.out.println(d.size() + " " + sum);
            System.exit(0);
        } catch (DataException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError");
            System.exit(3);
        }
    }
}
