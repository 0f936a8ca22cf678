package dev.gradus.cli;

import static dev.gradus.cli.GradusProcess.JAR;
import static dev.gradus.cli.GradusProcess.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The progress display on a real pseudo-terminal (util-linux's {@code script}) of 80 and 120
 * columns: every redrawn line fits, shows epoch, bar, loss, examples/s and ETA, the bar grows with
 * the width, and colors follow NO_COLOR and TERM=dumb.
 */
class TerminalProgressIT {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @ParameterizedTest
    @CsvSource({"80,xterm,,true", "120,xterm,,true", "120,xterm,1,false", "80,dumb,,false"})
    void theProgressLineFitsTheTerminal(int columns, String term, String noColor, boolean colored, @TempDir Path tmp)
            throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "stty cols " + columns + " rows 30; exec " + java + " -jar " + JAR
                + " train examples/softmax_classifier.net --epochs 600";
        Path typescript = tmp.resolve("typescript");
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-qfec", command, typescript.toString()).directory(ROOT.toFile());
        Map<String, String> env = pb.environment();
        env.remove("CI");
        env.put("TERM", term);
        env.put("GRADUS_CACHE_DIR", GradusProcess.CACHE.toString());
        if (noColor == null) {
            env.remove("NO_COLOR");
        } else {
            env.put("NO_COLOR", noColor);
        }
        pb.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(tmp.resolve("out").toFile()).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        String raw = Files.readString(typescript);
        assertThat(raw.contains("\u001B[32m")).as("colors").isEqualTo(colored);
        List<String> bars = new ArrayList<>();
        for (String segment : raw.split("[\r\n]")) {
            String text = segment.replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "");
            if (text.startsWith("epoch ") && text.contains("[")) {
                bars.add(text);
            }
        }
        assertThat(bars).as(raw).isNotEmpty();
        for (String line : bars) {
            assertThat(line.codePointCount(0, line.length())).as(line).isLessThan(columns);
            assertThat(line).matches("epoch \\d+/600 \\[[^\\]]+\\] +\\d+% loss [0-9.e+-]+ [0-9.]+[kM]? ex/s ETA \\d+:\\d\\d");
            int cells = line.indexOf(']') - line.indexOf('[') - 1;
            assertThat(cells).as(line).isGreaterThanOrEqualTo(columns == 120 ? 60 : 20);
        }
        assertThat(raw).contains("final loss").contains("epoch 600/600 loss");
        assertThat(raw).as("the sparkline of the loss").containsPattern("\nloss [▁▂▃▄▅▆▇█]{40}\r?\n");
    }
}
