package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: compares text with a committed file, or rewrites the file when the build runs
 * with {@code -Dgradus.update=true} (then review the diff in git).
 */
public final class Golden {
    private Golden() {}

    public static boolean updating() {
        return Boolean.getBoolean("gradus.update");
    }

    public static void check(Path expectedFile, String actual) throws IOException {
        if (updating()) {
            Files.createDirectories(expectedFile.getParent());
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(expectedFile).as("golden file %s (rewrite with -Dgradus.update=true)", expectedFile).exists();
        assertThat(actual).as("output differs from %s (rewrite with -Dgradus.update=true)", expectedFile)
                .isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    }

    /**
     * The project's PyTorch references for the example models ({@code reference/} at the repository
     * root, made by {@code reference/make_seed_refs.py}); tests run in the module's directory.
     */
    public static Path reference(String name) {
        return Path.of("..", "reference", name);
    }
}
