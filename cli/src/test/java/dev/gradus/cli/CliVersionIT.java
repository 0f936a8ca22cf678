package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --version} on the tool and on every command prints the version the build was made as. */
class CliVersionIT {

    private static String pomVersion() throws Exception {
        String pom = Files.readString(CliEndToEndIT.ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>gradus-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("the parent pom's version").isTrue();
        return m.group(1);
    }

    @Test
    void theToolAndEveryCommandPrintTheBuildsVersion(@TempDir Path tmp) throws Exception {
        String expected = "gradus " + pomVersion();
        CliEndToEndIT.Run top = CliEndToEndIT.gradus(tmp, "--version");
        assertThat(top.status()).as(top.err()).isZero();
        assertThat(top.out().lines().findFirst()).hasValue(expected);
        assertThat(top.out()).contains("Java " + System.getProperty("java.specification.version"));
        for (String command : List.of("check", "grad", "explain", "compile", "train", "eval", "gradcheck")) {
            CliEndToEndIT.Run r = CliEndToEndIT.gradus(tmp, command, "--version");
            assertThat(r.status()).as(command + ": " + r.err()).isZero();
            assertThat(r.out().lines().findFirst()).as(command).hasValue(expected);
        }
    }
}
