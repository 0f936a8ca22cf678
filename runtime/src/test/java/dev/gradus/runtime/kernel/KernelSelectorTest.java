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
        return run(module, property == null ? List.of() : List.of("-Dgradus.kernels=" + property), KernelSelector.class);
    }

    /**
     * Runs {@code main}'s main method in a new JVM with the Vector API module or without, and these system
     * properties; returns its standard output.
     */
    private static String run(boolean module, List<String> properties, Class<?> main) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (module) {
            cmd.add("--add-modules");
            cmd.add("jdk.incubator.vector");
        }
        cmd.addAll(properties);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
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
        assertThat(choose(true, "vector256")).isEqualTo("gradus kernels: vector256 (forced by -Dgradus.kernels); plain loops for layers under 16"
                + " inputs or 256 weights, the forward product on W's rows packed for every other layer");
    }

    @Test
    void calibrationTimesEveryCandidateAndNamesItsChoice() throws Exception {
        String line = choose(true, null);
        assertThat(line).startsWith("gradus kernels: ").contains("calibrated").contains("plain ")
                .matches("gradus kernels: (\\w+) \\(.*; -Dgradus.kernels=\\1 repeats it\\).*");
        for (Kernels k : KernelSelector.candidates()) {
            assertThat(line).contains(" " + k.name() + " ");
        }
    }

    /**
     * Without the Vector API there is nothing to choose: the plain loops run and say why, and no choice is remembered
     * (one was, and the next process said "calibrated earlier on this machine" of the only implementation there was).
     */
    @Test
    void withoutTheModuleNothingIsRemembered(@TempDir Path dir) throws Exception {
        for (int process = 0; process < 2; process++) {
            assertThat(run(false, List.of("-D" + KernelSelector.REMEMBER + "=" + dir), KernelSelector.class))
                    .startsWith("gradus kernels: plain (the JVM runs without --add-modules jdk.incubator.vector)");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
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
        // a new calibration on a shared, noisy machine may choose otherwise: the file holds its choice,
        // unless a loaded machine kept C2 from compiling a candidate in time (then nothing is remembered)
        if (again.settled()) {
            assertThat(Files.readString(file).trim()).isEqualTo(again.kernels().name());
        } else {
            assertThat(again.why()).contains("not remembered");
            assertThat(Files.readString(file).trim()).as("an unsettled choice writes nothing").isEqualTo("no such kernels");
        }
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary files left").hasSize(1);
        }
    }

    /**
     * A candidate that runs slowly until a moment ("the JIT compiles it") and then ten times faster than
     * the plain loops: timed during its slow phase, it looks uncompiled, is warmed and timed again, and
     * is chosen. One that never gets fast is not chosen, and the choice is not settled (not remembered).
     */
    @Test
    void aCandidateThatLooksUncompiledIsWarmedAgainAndAnUnsettledChoiceIsNotRemembered() {
        PlainKernels plain = new PlainKernels();
        long fastFrom = System.nanoTime() + 400_000_000L;
        KernelSelector.Choice late = Calibration.calibrate(List.of(plain, new Jit("late", fastFrom)), 150_000_000L);
        assertThat(late.kernels().name()).as(late.why()).isEqualTo("late");
        assertThat(late.settled()).isTrue();
        KernelSelector.Choice never = Calibration.calibrate(List.of(plain, new Jit("never", Long.MAX_VALUE)), 50_000_000L);
        assertThat(never.kernels().name()).isEqualTo("plain");
        assertThat(never.settled()).isFalse();
        assertThat(never.why()).contains("not remembered");
    }

    /**
     * Half-compiled code: a candidate under twice as slow as the plain loops (not slow enough to look uncompiled)
     * until a moment, and faster than them after it. It loses the first timing, is warmed again and timed again,
     * and is chosen; it was not (an AVX-512 machine's 512-bit kernels at 150-230 µs a block, the plain loops at
     * 110, and 33 once C2 was done, had the plain loops chosen and remembered).
     */
    @Test
    void aVectorCandidateThatLosesIsWarmedAgainBeforeThePlainLoopsAreChosen() {
        Calibration.calibrate(List.of(new PlainKernels(), new PlainKernels()), 150_000_000L); // the plain loops compiled first
        long fastFrom = System.nanoTime() + 250_000_000L; // after the first timing, before the first warm-up again ends
        KernelSelector.Choice c = Calibration.calibrate(List.of(new PlainKernels(), new Jit("halfway", fastFrom, 2)), 150_000_000L);
        assertThat(c.kernels().name()).as(c.why()).isEqualTo("halfway");
        assertThat(c.settled()).isTrue();
    }

    /** Plain loops that spin {@code spins} times their own forward time before {@code fastFrom}, and do nothing after it (faster than anything). */
    private static final class Jit extends PlainKernels {
        private final String name;
        private final long fastFrom;
        private final int spins;

        Jit(String name, long fastFrom) {
            this(name, fastFrom, 20);
        }

        Jit(String name, long fastFrom, int spins) {
            this.name = name;
            this.fastFrom = fastFrom;
            this.spins = spins;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void forward(int batch, int in, int out, float[] x, int xOff, int ldx, float[] w, int wOff, int ldw,
                            float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
            if (System.nanoTime() < fastFrom) {
                for (int k = 0; k < spins; k++) {
                    super.forward(batch, in, out, x, xOff, ldx, w, wOff, ldw, bias, biasOff, act, y, yOff, ldy);
                }
            }
        }
    }

    @Test
    void calibrationWithOnlyThePlainKernelsKeepsThem() {
        assertThat(Calibration.calibrate(List.of(new PlainKernels())).kernels().name()).isEqualTo("plain");
    }

    /**
     * Describing a run (train --verbose) names the kernels only once a trainer has asked for them: a
     * model whose layers all run loops of their own must not pay a calibration to be described.
     */
    @Test
    void aDescriptionDoesNotMakeTheChoice() throws Exception {
        // a fresh JVM where nothing asked for the kernels: describing calibrates nothing
        assertThat(run(true, List.of(), DescribesOnly.class)).isEqualTo(
                "gradus kernels: none used (this model's layers run loops of their own); gradus threads: 1 ("
                        + (Runtime.getRuntime().availableProcessors() == 1 ? "one core" : "too little work a step to split, or one thread asked for") + ")"
                        + "\nchosen: false");
        assertThat(KernelSelector.describe(null)).isEqualTo("gradus kernels: none used (this model's layers run loops of their own)");
        assertThat(KernelSelector.describe(new KernelSelector.Choice(new PlainKernels(), "gradus kernels: plain (why)")))
                .isEqualTo("gradus kernels: plain (why)");
        String made = KernelSelector.description(); // makes the choice (or finds it made)
        assertThat(KernelSelector.descriptionIfChosen()).isEqualTo(made);
    }

    /** What a trainer without kernel layers prints for --verbose, then whether that made the choice. */
    static final class DescribesOnly {
        public static void main(String[] args) {
            System.out.println(dev.gradus.runtime.Workers.describe(null));
            System.out.println("chosen: " + KernelSelector.chosenYet());
        }
    }

    /**
     * The kernels a trainer takes its exps from when it holds no others: the widest vector kernels, without the
     * calibration (no choice made); what -Dgradus.kernels forces, read as for the products (any case, plain where
     * the forced kernels are not available); plain without the Vector API.
     */
    @Test
    void theExpsKernelsNeedNoCalibrationAndFollowTheProperty() throws Exception {
        assertThat(run(true, List.of(), ForExps.class)).matches("vector(256|512)\nchosen: false");
        assertThat(run(true, List.of("-Dgradus.kernels= Plain "), ForExps.class)).isEqualTo("plain\nchosen: false");
        assertThat(run(true, List.of("-Dgradus.kernels=simd"), ForExps.class)).isEqualTo("plain\nchosen: false");
        assertThat(run(true, List.of("-Dgradus.kernels=AUTO"), ForExps.class)).matches("vector(256|512)\nchosen: false");
        assertThat(run(false, List.of(), ForExps.class)).isEqualTo("plain\nchosen: false");
    }

    /** Which kernels Kernels.forExps gives, then whether that made the calibrated choice. */
    static final class ForExps {
        public static void main(String[] args) {
            System.out.println(Kernels.forExps().name());
            System.out.println("chosen: " + KernelSelector.chosenYet());
        }
    }
}
