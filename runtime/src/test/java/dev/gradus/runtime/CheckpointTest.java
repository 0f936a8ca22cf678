package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    /**
     * A checkpoint whose parameters fit but whose optimizer keeps another state is refused for its optimizer, and the
     * trainer keeps its own parameters (restore checks the parameters by loading them, then puts its own back).
     */
    @Test
    void anotherOptimizersCheckpointIsRefusedAndTheParametersStay(@TempDir Path tmp) {
        Path file = tmp.resolve("c.safetensors");
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> values = new LinkedHashMap<>();
        shapes.put("w", new int[] {2});
        values.put("w", new double[] {9, 0});
        shapes.put(Checkpoint.PREFIX + "state", new int[] {2});
        values.put(Checkpoint.PREFIX + "state", new double[] {1, 2});
        shapes.put(Checkpoint.PREFIX + "epochs", new int[] {1});
        values.put(Checkpoint.PREFIX + "epochs", new double[] {3});
        shapes.put(Checkpoint.PREFIX + "seed", new int[] {2});
        values.put(Checkpoint.PREFIX + "seed", new double[] {0, 7});
        Safetensors.write(file, shapes, values, true);
        ScriptedTrainer trainer = new ScriptedTrainer(new double[] {1}, new double[] {1});
        trainer.w = 5;
        Checkpoint c = Checkpoint.read(file);
        assertThatThrownBy(() -> c.restore(trainer, file)).isInstanceOf(DataException.class)
                .hasMessageContaining("has 2 values; model Scripted's optimizer keeps 0 (was it saved with another optimizer?)");
        assertThat(trainer.w).as("the trainer's own parameter, not the file's 9").isEqualTo(5);
    }
}
