package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.runtime.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --resume: a run saved after 3 epochs and resumed for 3 more is the 6-epoch run, bit for bit (issue 22 item 9). */
class ResumeTest {

    @Test
    void aResumedRunContinuesBitIdenticallyWithShufflingAdamAndASchedule(@TempDir Path tmp) throws Exception {
        for (String precision : List.of("float", "double")) {
            String net = Tools.example("xor_mlp").toString(); // adam: a step count and two buffers per parameter
            String[] common = {"--shuffle", "true", "--batch", "2", "--seed", "11", "--schedule", "step(step_size = 2, gamma = 0.5)",
                    "--precision", precision, "--quiet"};
            Path whole = tmp.resolve(precision + "-whole.safetensors");
            Path wholeLog = tmp.resolve(precision + "-whole.csv");
            run(net, common, "--epochs", "6", "--save", whole.toString(), "--log", wholeLog.toString());
            Path half = tmp.resolve(precision + "-half.safetensors");
            run(net, common, "--epochs", "3", "--save", half.toString());
            Path resumed = tmp.resolve(precision + "-resumed.safetensors");
            Path resumedLog = tmp.resolve(precision + "-resumed.csv");
            Tools.Result r = Tools.gradus(concat(new String[] {"train", net, "--resume", half.toString(), "--epochs", "3",
                    "--save", resumed.toString(), "--log", resumedLog.toString()}, common));
            // the seed is the checkpoint's: the same --seed is allowed, another is a usage error
            assertThat(r.status()).as(r.err()).isZero();
            Map<String, Safetensors.Entry> a = Safetensors.read(whole);
            Map<String, Safetensors.Entry> b = Safetensors.read(resumed);
            assertThat(b.keySet()).isEqualTo(a.keySet()).contains("W1", "__optim__.state", "__optim__.epochs", "__optim__.seed");
            for (String name : a.keySet()) {
                assertThat(b.get(name).values()).as("%s %s", precision, name).isEqualTo(a.get(name).values());
                assertThat(b.get(name).dtype()).isEqualTo(name.startsWith("__optim__.") || precision.equals("double") ? "F64" : "F32");
            }
            assertThat(a.get("__optim__.epochs").values()).containsExactly(6);
            assertThat(a.get("__optim__.state").values()[0]).as("adam's step count: 2 batches x 6 epochs").isEqualTo(12);
            List<String> wholeLines = Files.readAllLines(wholeLog);
            assertThat(Files.readAllLines(resumedLog)).containsExactlyElementsOf(
                    concat(List.of(wholeLines.get(0)), wholeLines.subList(4, 7)));
        }
    }

    @Test
    void aCheckpointLoadsAsParametersAndPlainParametersDoNotResume(@TempDir Path tmp) throws Exception {
        String net = Tools.example("xor_mlp").toString();
        Path p = tmp.resolve("p.safetensors");
        run(net, new String[] {"--quiet"}, "--epochs", "2", "--save", p.toString());
        Tools.Result eval = Tools.gradus("eval", net, "--params", p.toString());
        assertThat(eval.status()).as(eval.err()).isZero();
        Tools.Result init = Tools.gradus("train", net, "--epochs", "1", "--init", p.toString(), "--quiet");
        assertThat(init.status()).as(init.err()).isZero();
        Tools.Result seed = Tools.gradus("train", net, "--resume", p.toString(), "--seed", "99");
        assertThat(seed.status()).isEqualTo(2);
        assertThat(seed.err()).contains("--seed 99 differs from the seed of the run");
        Path plain = tmp.resolve("plain.safetensors");
        Safetensors.write(plain, Map.of("W1", new int[] {1}), Map.of("W1", new double[] {1}), false);
        Tools.Result notCheckpoint = Tools.gradus("train", net, "--resume", plain.toString());
        assertThat(notCheckpoint.status()).isEqualTo(1);
        assertThat(notCheckpoint.err()).contains("no tensor '__optim__.state': the file holds parameters only, not a checkpoint");
        // another model's checkpoint is that first, whatever its optimizer keeps
        Tools.Result other = Tools.gradus("train", Tools.example("softmax_classifier").toString(), "--resume", p.toString());
        assertThat(other.status()).isEqualTo(1);
        assertThat(other.err()).contains("tensor 'W1' has shape [8, 2]; the model declares [16, 4]").doesNotContain("optimizer");
        // the same parameters under another optimizer: the optimizer's state is what differs
        Path sgd = tmp.resolve("xor_sgd.net");
        java.nio.file.Files.writeString(sgd, java.nio.file.Files.readString(Path.of(net)).replace("adam(lr = 0.01)", "sgd(lr = 0.1)")
                .replace("\"xor.csv\"", "\"" + Path.of(net).resolveSibling("xor.csv") + "\""));
        Tools.Result sgdRun = Tools.gradus("train", sgd.toString(), "--resume", p.toString());
        assertThat(sgdRun.status()).as(sgdRun.err()).isEqualTo(1);
        assertThat(sgdRun.err()).contains("(was it saved with another optimizer?)");
    }

    private static void run(String net, String[] common, String... more) {
        Tools.Result r = Tools.gradus(concat(concat(new String[] {"train", net}, more), common));
        assertThat(r.status()).as(r.err()).isZero();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> c = new java.util.ArrayList<>(a);
        c.addAll(b);
        return c;
    }
}
