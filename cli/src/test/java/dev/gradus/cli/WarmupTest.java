package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JIT warm-up on a throwaway trainer (issue 22 item 3) changes nothing but the time. */
class WarmupTest {
    @Test
    void trainingWithTheWarmUpIsBitIdenticalToTrainingWithout(@TempDir Path tmp) throws Exception {
        // dropout: random masks, which a warm-up sharing the trainer's random numbers would shift
        String net = Tools.example("dropout_classifier").toString();
        Path with = tmp.resolve("with.safetensors");
        Path without = tmp.resolve("without.safetensors");
        Tools.Result a;
        Tools.Result b;
        try {
            System.setProperty(Warmup.PROPERTY, "false");
            b = Tools.gradus("train", net, "--epochs", "3", "--save", without.toString());
        } finally {
            System.clearProperty(Warmup.PROPERTY);
        }
        a = Tools.gradus("train", net, "--epochs", "3", "--save", with.toString());
        assertThat(a.status()).as(a.err()).isZero();
        assertThat(b.status()).as(b.err()).isZero();
        assertThat(Files.readAllBytes(with)).isEqualTo(Files.readAllBytes(without));
        assertThat(a.out().replaceAll("\\(\\d.*examples/s\\)", "").replace("with.safetensors", "FILE"))
                .isEqualTo(b.out().replaceAll("\\(\\d.*examples/s\\)", "").replace("without.safetensors", "FILE"));
    }
}
