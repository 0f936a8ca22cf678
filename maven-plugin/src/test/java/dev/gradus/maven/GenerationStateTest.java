package dev.gradus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationStateTest {

    @Test
    void whatIsSavedLoadsBack(@TempDir Path tmp) throws Exception {
        Map<String, GenerationState.Entry> entries = new LinkedHashMap<>();
        entries.put("demo/xor.net", new GenerationState.Entry("abc|demo|float", List.of(
                new GenerationState.Model("Xor", 1, 7, "demo/Xor.java"), new GenerationState.Model("Xor2", 14, 7, "demo/Xor2.java"))));
        entries.put("top.net", new GenerationState.Entry("def||double", List.of()));
        Path file = tmp.resolve("status/generate-default.state");
        new GenerationState(entries).save(file);
        assertThat(GenerationState.load(file).entries()).isEqualTo(entries);
        try (var s = Files.list(file.getParent())) {
            assertThat(s.toList()).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void aMissingOrForeignFileIsAFreshStart(@TempDir Path tmp) throws Exception {
        assertThat(GenerationState.load(tmp.resolve("none.state")).entries()).isEmpty();
        Path foreign = tmp.resolve("foreign.state");
        Files.writeString(foreign, "something else\n");
        assertThat(GenerationState.load(foreign).entries()).isEmpty();
        Files.writeString(foreign, "# gradus generation state 1\nmodel\tXor\tone\t7\tdemo/Xor.java\n");
        assertThat(GenerationState.load(foreign).entries()).isEmpty();
    }

    @Test
    void globsMatchRelativePathsIncludingTheTopFolder() {
        Globs globs = new Globs(List.of("**/*.net"), List.of("**/draft_*.net"));
        assertThat(globs.matches(Path.of("xor.net"))).isTrue();
        assertThat(globs.matches(Path.of("demo/deep/xor.net"))).isTrue();
        assertThat(globs.matches(Path.of("demo/xor.txt"))).isFalse();
        assertThat(globs.matches(Path.of("demo/draft_xor.net"))).isFalse();
        assertThat(globs.matches(Path.of("draft_xor.net"))).isFalse();
    }
}
