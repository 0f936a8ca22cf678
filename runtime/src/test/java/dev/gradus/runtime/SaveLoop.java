package dev.gradus.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Saves a 4 MB parameter file over and over, each time filled with the save's number, until killed. */
public final class SaveLoop {
    private SaveLoop() {}

    public static void main(String[] args) {
        double[] w = new double[500_000];
        for (int i = 0; ; i++) {
            Arrays.fill(w, i);
            Safetensors.write(Path.of(args[0]), Map.of("w", new int[] {w.length}), Map.of("w", w), true);
        }
    }
}
