package dev.gradus.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's minimal Maven project is the one the good-project integration test builds, with this build's versions. */
class ReadmeRecipeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theReadmesPomIsTheTestedOne() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int maven = readme.indexOf("### Maven");
        assertThat(maven).as("a Maven section in the README").isPositive();
        int start = readme.indexOf("```xml\n", maven) + "```xml\n".length();
        String shown = readme.substring(start, readme.indexOf("```", start));
        String tested = Files.readString(ROOT.resolve("maven-plugin/src/it/good-project/pom.xml"));
        for (String property : new String[] {"project.version", "junit.version", "maven-compiler-plugin.version",
                "maven-surefire-plugin.version"}) {
            String value = System.getProperty("it." + property);
            assertThat(value).as(property).isNotBlank();
            tested = tested.replace("@" + property + "@", value);
        }
        assertThat(tested).doesNotContain("@");
        assertThat(shown).isEqualTo(tested);
    }
}
