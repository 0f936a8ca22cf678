package dev.gradus.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of kernels, seen from fresh JVMs started the way a user would start them. */
class KernelSelectorTest {

    /** Runs KernelSelector's main in a new JVM; returns its standard output. */
    private static String choose(boolean module, String property) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (module) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        if (property != null) {
            cmd.add("-Dgradus.kernels=" + property);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelSelector.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
        return out;
    }

    @Test
    void withoutTheModuleThePlainKernelsRunAndSayWhy() throws Exception {
        assertThat(choose(false, null)).isEqualTo(
                "gradus kernels: plain (the JVM runs without --add-modules jdk.incubator.vector)");
        assertThat(choose(false, "vector256")).startsWith("gradus kernels: plain (-Dgradus.kernels=vector256 is not available here:")
                .contains("--add-modules jdk.incubator.vector");
    }

    @Test
    void aPropertyForcesTheChoice() throws Exception {
        assertThat(choose(true, "plain")).isEqualTo("gradus kernels: plain (forced by -Dgradus.kernels)");
        assertThat(choose(true, "simd")).contains("the choices are plain, vector256, vector512 and auto");
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelSelector.byName("vector256") != null, "no 256-bit vectors here");
        assertThat(choose(true, "vector256")).isEqualTo("gradus kernels: vector256 (forced by -Dgradus.kernels); plain loops for layers under 64"
                + " inputs or 4096 weights");
    }

    @Test
    void calibrationTimesEveryCandidateAndNamesItsChoice() throws Exception {
        String line = choose(true, null);
        assertThat(line).startsWith("gradus kernels: ").contains("calibrated").contains("plain ");
        for (Kernels k : KernelSelector.candidates()) {
            assertThat(line).contains(" " + k.name() + " ");
        }
    }

    @Test
    void aCalibrationIsRememberedForTheNextProcessOnTheSameMachine(@TempDir Path dir)
            throws Exception {
        KernelSelector.Choice first = KernelSelector.remembered(dir);
        assertThat(first.why()).contains("calibrated");
        Path file = dir.resolve("kernels-" + KernelSelector.machineKey());
        assertThat(Files.readString(file).trim()).isEqualTo(first.kernels().name());
        KernelSelector.Choice second = KernelSelector.remembered(dir);
        assertThat(second.kernels().name()).isEqualTo(first.kernels().name());
        assertThat(second.why()).contains("calibrated earlier on this machine and JVM");
        Files.writeString(file, "no such kernels\n"); // damaged: calibrate again and rewrite it
        KernelSelector.Choice again = KernelSelector.remembered(dir);
        assertThat(again.why()).contains("calibrated").doesNotContain("earlier");
        // a new calibration on a shared, noisy machine may choose otherwise: the file holds its choice
        assertThat(Files.readString(file).trim()).isEqualTo(again.kernels().name());
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary files left").hasSize(1);
        }
    }

    @Test
    void calibrationWithOnlyThePlainKernelsKeepsThem() {
        assertThat(KernelSelector.calibrate(List.of(new PlainKernels())).kernels().name()).isEqualTo("plain");
    }
}
