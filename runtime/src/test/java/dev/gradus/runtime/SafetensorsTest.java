package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @Test
    void roundTripsF64AndF32(@TempDir Path dir) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("W", new int[] {2, 3});
        shapes.put("s", new int[0]);
        Map<String, double[]> values = Map.of("W", new double[] {1, 2, 3, 4, 5, 6.25}, "s", new double[] {-0.5});
        for (boolean f64 : new boolean[] {true, false}) {
            Path f = dir.resolve(f64 + ".safetensors");
            Safetensors.write(f, shapes, values, f64);
            Map<String, Safetensors.Entry> read = Safetensors.read(f);
            assertThat(read.keySet()).containsExactly("W", "s");
            assertThat(read.get("W").dtype()).isEqualTo(f64 ? "F64" : "F32");
            assertThat(read.get("W").shape()).containsExactly(2, 3);
            assertThat(read.get("W").values()).containsExactly(1, 2, 3, 4, 5, 6.25);
            assertThat(read.get("s").values()).containsExactly(-0.5);
        }
    }

    @Test
    void aFailedSaveLeavesNothingAndBadFilesSayWhy(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> Safetensors.write(dir.resolve("no/such/p.safetensors"), Map.of("a", new int[] {1}),
                Map.of("a", new double[] {1}), true)).hasMessageContaining("cannot save");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Safetensors.read(junk)).hasMessageContaining("not a safetensors file");
        Files.write(junk, new byte[] {4, 0, 0, 0, 0, 0, 0, 0, '{', 'x', '}', ' '});
        assertThatThrownBy(() -> Safetensors.read(junk)).hasMessageContaining("bad safetensors header");
    }
}
