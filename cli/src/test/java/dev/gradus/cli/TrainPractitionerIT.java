package dev.gradus.cli;

import static dev.gradus.cli.GradusProcess.ROOT;
import static dev.gradus.cli.GradusProcess.gradus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.cli.GradusProcess.Run;
import dev.gradus.runtime.Safetensors;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;

/** train as a practitioner uses it: runs that diverge fail, validation, early stopping, schedules in the log, plots. */
class TrainPractitionerIT {

    @Test
    void aDivergedRunFailsNamingEpochAndStepAndSavesNothing(@TempDir Path tmp) throws Exception {
        Path save = tmp.resolve("p.safetensors");
        Run r = gradus(ROOT, "train", "examples/linear.net", "--lr", "10", "--epochs", "50", "--save", save.toString());
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).containsPattern("gradus: error: training diverged at epoch \\d+, step 1 of 1: the loss is (NaN|Infinity)")
                .contains("nothing saved").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("final loss").doesNotContain("saved parameters");
        assertThat(save).doesNotExist();
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void aDivergedRunWithJsonSaysSoAndKeepsTheLogAndPlotOfTheEpochsBeforeIt(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("loss.csv");
        Path plot = tmp.resolve("loss.svg");
        Run r = gradus(ROOT, "train", "examples/linear.net", "--lr", "10", "--epochs", "50", "--json",
                "--log", log.toString(), "--plot", plot.toString());
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("training diverged at epoch");
        com.fasterxml.jackson.databind.JsonNode o = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(r.out().strip()).doesNotContain("\n");
        assertThat(o.get("error").asText()).startsWith("training diverged at epoch " + o.get("diverged").get("epoch").asInt() + ", step 1 of 1");
        int epochs = o.get("epochs").asInt();
        assertThat(epochs).isEqualTo(o.get("diverged").get("epoch").asInt() - 1).isPositive();
        assertThat(o.has("saved")).isFalse();
        List<String> rows = Files.readAllLines(log);
        assertThat(rows).hasSize(1 + epochs);
        assertThat(rows.get(0)).isEqualTo("epoch,loss");
        assertThat(rows.get(epochs)).startsWith(epochs + ",");
        assertThat(Files.readString(plot)).startsWith("<?xml").contains("</svg>");
        assertThat(Files.size(plot)).isLessThan(400_000); // a label and a grid line for each of dozens of decades made 2 MB

        // Diverged in its first epoch: nothing to plot (XChart refused empty data, an internal error that lost the JSON)
        Path log1 = tmp.resolve("loss1.csv");
        Path plot1 = tmp.resolve("loss1.svg");
        Run first = gradus(ROOT, "train", "examples/linear.net", "--lr", "1e6", "--batch", "1", "--epochs", "5", "--json",
                "--log", log1.toString(), "--plot", plot1.toString());
        assertThat(first.status()).as(first.out() + first.err()).isEqualTo(1);
        assertThat(first.err()).contains("training diverged at epoch 1").doesNotContain("internal error");
        com.fasterxml.jackson.databind.JsonNode o1 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.out());
        assertThat(o1.get("epochs").asInt()).isZero();
        assertThat(o1.get("diverged").get("epoch").asInt()).isEqualTo(1);
        assertThat(Files.readAllLines(log1)).containsExactly("epoch,loss");
        assertThat(plot1).doesNotExist();
        Run text = gradus(ROOT, "train", "examples/linear.net", "--lr", "1e6", "--batch", "1", "--epochs", "5", "--plot", plot1.toString());
        assertThat(text.out()).contains("no epoch completed: nothing plotted to " + plot1);
    }

    @Test
    void jsonAndAnOutputToStandardOutputAreAUsageMistakeAndEpochsZeroSaysWhatItDidNotWrite(@TempDir Path tmp) throws Exception {
        for (String option : List.of("--log", "--plot", "--save")) {
            Run r = gradus(ROOT, "train", "examples/linear.net", "--epochs", "1", "--json", option, "-");
            assertThat(r.status()).as(option + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--json prints its object on standard output, and " + option + " - would write there too");
            assertThat(r.out()).isEmpty();
        }
        Path log = tmp.resolve("e0.csv");
        Run none = gradus(ROOT, "train", "examples/linear.net", "--epochs", "0", "--log", log.toString(), "--plot", tmp.resolve("e0.svg").toString());
        assertThat(none.status()).as(none.err()).isZero();
        assertThat(none.out()).contains("no epoch ran: nothing logged to " + log).contains("no epoch ran: nothing plotted to ");
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void saveLastGoodKeepsTheLastFiniteParametersAndStillFails(@TempDir Path tmp) throws Exception {
        Path save = tmp.resolve("p.safetensors");
        Run r = gradus(ROOT, "train", "examples/linear.net", "--lr", "10", "--epochs", "300", "--precision", "double",
                "--save", save.toString(), "--save-last-good");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("saved the last parameters whose loss and gradient were finite to " + save);
        assertThat(r.err()).contains("training diverged at epoch");
        for (Safetensors.Entry e : Safetensors.read(save).values()) {
            for (double v : e.values()) {
                assertThat(Double.isFinite(v)).isTrue();
            }
        }
        Run eval = gradus(ROOT, "eval", "examples/linear.net", "--params", save.toString(), "--precision", "double");
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.out()).containsPattern("mean loss [0-9.e+]+\\n");
    }

    @Test
    void validationAndEarlyStoppingRestoreTheBestEpochAndLogIt(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("log.csv");
        Path save = tmp.resolve("p.safetensors");
        Run r = gradus(ROOT, "train", "examples/softmax_classifier.net", "--val-split", "0.2", "--patience", "2",
                "--epochs", "60", "--lr", "0.2", "--log", log.toString(), "--save", save.toString(), "--precision", "double");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("120 examples").contains("30 validation examples").contains("val_loss").contains("val_accuracy");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(0)).isEqualTo("epoch,loss,val_loss,val_accuracy");
        int ran = lines.size() - 1;
        assertThat(ran).as(r.out()).isLessThan(60);
        assertThat(r.out()).containsPattern("stopped early after epoch " + ran + ": val_loss did not improve for 2 epochs; restored the parameters of epoch \\d+");
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        for (int e = 1; e <= ran; e++) {
            double v = Double.parseDouble(lines.get(e).split(",")[2]);
            if (v < best) {
                best = v;
                bestEpoch = e;
            }
        }
        assertThat(ran - bestEpoch).isEqualTo(2);
        assertThat(r.out()).contains("restored the parameters of epoch " + bestEpoch);
        assertThat(r.out()).contains("final accuracy ").contains("val_loss " + Progress.number(best));
    }

    @Test
    void aScheduleMovesTheRateInTheLog(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("log.csv");
        Run r = gradus(ROOT, "train", "examples/linear.net", "--epochs", "7", "--schedule", "step(step_size = 3, gamma = 0.5)",
                "--clip-grad-norm", "1", "--log", log.toString(), "--precision", "double");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("schedule step(step_size = 3, gamma = 0.5), clip_grad_norm 1");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(0)).isEqualTo("epoch,loss,lr");
        assertThat(lines.stream().skip(1).map(l -> l.split(",")[2]).toList())
                .containsExactly("0.01", "0.01", "0.01", "0.005", "0.005", "0.005", "0.0025");
    }

    @Test
    void plotsAreImagesOfTheExpectedSize(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("loss.png");
        Path svg = tmp.resolve("loss.svg");
        for (Path p : List.of(png, svg)) {
            Run r = gradus(ROOT, "train", "examples/softmax_classifier.net", "--epochs", "5", "--val-split", "0.1", "--plot", p.toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("plotted the loss to " + p);
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(500);
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Element root = xml.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo("800px");
        assertThat(root.getAttribute("height")).isEqualTo("500px");
        assertThat(root.getElementsByTagName("path").getLength()).isGreaterThan(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--schedule|bogus(1)|--schedule: unknown schedule 'bogus'",
            "--schedule|step(gamma = 2)|--schedule: step needs argument 'step_size'",
            "--schedule|cosine(T_max = 0)|--schedule: cosine's T_max must be an integer of at least 1, found 0",
            "--val-split|1.5|--val-split must be between 0 and 1 (exclusive), found 1.5",
            "--min-delta|0.1|--min-delta needs early stopping: give --patience N",
            "--patience|0|--patience must be at least 1, found 0",
            "--clip-grad-norm|-1|--clip-grad-norm must be a positive number, found -1.0",
            "--plot|loss.gif|--plot writes .svg or .png files, found 'loss.gif'",
            "--save-last-good||--save-last-good needs --save FILE.safetensors"})
    void badFitOptionsAreUsageErrors(String option, String value, String message) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        String net = ROOT.resolve("examples/linear.net").toString();
        String[] args = value == null ? new String[] {"train", net, option} : new String[] {"train", net, option, value};
        int status = Main.run(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        assertThat(status).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).startsWith("gradus: error: " + message).endsWith("\nTry 'gradus train --help' for more information.\n")
                .as("one line of error, one pointing to --help, not the whole help").hasLineCount(2);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theTrainBlockSetsScheduleClippingValidationAndEarlyStopping(@TempDir Path tmp) throws Exception {
        String net = Files.readString(ROOT.resolve("examples/softmax_classifier.net"))
                .replace("data = \"blobs.csv\"", "data = \"" + ROOT.resolve("examples/blobs.csv") + "\"")
                .replace("epochs = 30", "epochs = 40 schedule = exponential(gamma = 0.9) clip_grad_norm = 5 val_split = 0.2 patience = 2");
        Files.writeString(tmp.resolve("m.net"), net);
        Path log = tmp.resolve("log.csv");
        Run r = gradus(tmp, "train", "m.net", "--log", log.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("schedule exponential(gamma = 0.9), clip_grad_norm 5, 30 validation examples, early stopping after 2 epochs");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(0)).isEqualTo("epoch,loss,lr,val_loss,val_accuracy");
        assertThat(Double.parseDouble(lines.get(2).split(",")[2])).isCloseTo(0.045, org.assertj.core.data.Offset.offset(1e-12));
        Run overridden = gradus(tmp, "train", "m.net", "--schedule", "none", "--val-split", "0.5", "--epochs", "2");
        assertThat(overridden.out()).contains("75 examples").contains("75 validation examples").doesNotContain("schedule");
    }

    /**
     * --verbose ends with what the trainer ran on: the kernels (the plain loops here: this JVM runs the jar without
     * --add-modules jdk.incubator.vector) and the threads, and for each choice it measured, the property that repeats it (none for a thread count not yet
     * compared).
     */
    @Test
    void verboseSaysWhatRanAndThePropertyThatRepeatsEachMeasuredChoice() throws Exception {
        Run r = gradus(ROOT, "train", "examples/digits_cnn.net", "--data", "examples/digits_train.csv", "--epochs", "1", "--verbose");
        assertThat(r.status()).as(r.err()).isZero();
        String last = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).startsWith("gradus kernels: plain (the JVM runs without --add-modules jdk.incubator.vector); ")
                .contains("; gradus threads: ");
        if (last.contains("a step on") && !last.contains("(being measured")) { // workers: more than one core, and a count compared
            assertThat(last).containsPattern("a step on (\\d+) threads? \\(measured, ms a step: [^)]*; -Dgradus.threads=\\1 repeats it\\)");
        } else if (last.contains("a step on")) { // too short a run to compare counts: nothing measured to repeat
            assertThat(last).doesNotContain("-Dgradus.threads=");
        }
    }

    /**
     * The command line on the Vector API, as the launcher runs it (--add-modules jdk.incubator.vector): every other test
     * here runs the jar without the module, on the plain loops. Forced to each kernel in turn, a CNN's run ends with the
     * same loss and accuracy to the digits printed (the two round differently in the last bits); left to choose, the
     * kernels are calibrated (or remembered from an earlier calibration) rather than assumed.
     */
    @Test
    void onTheVectorApiATrainingRunMatchesThePlainLoops() throws Exception {
        String[] train = {"train", "examples/digits_cnn.net", "--data", "examples/digits_train.csv", "--epochs", "2", "--verbose"};
        String module = "--add-modules=jdk.incubator.vector";
        Run plain = gradus(ROOT, List.of(module, "-Dgradus.kernels=plain"), train);
        Run vector = gradus(ROOT, List.of(module, "-Dgradus.kernels=vector256"), train);
        assertThat(plain.status()).as(plain.err()).isZero();
        assertThat(vector.status()).as(vector.err()).isZero();
        assertThat(plain.out()).contains("gradus kernels: plain (forced by -Dgradus.kernels)");
        assertThat(vector.out()).contains("gradus kernels: vector256 (forced by -Dgradus.kernels)");
        assertThat(results(plain.out())).hasSize(2);
        assertThat(results(vector.out())).containsExactly(results(plain.out()), within(1e-5));
        Run chosen = gradus(ROOT, List.of(module), train);
        assertThat(chosen.status()).as(chosen.err()).isZero();
        assertThat(chosen.out()).containsPattern("gradus kernels: (plain|vector256|vector512) \\(calibrated (in|earlier)")
                .doesNotContain("runs without --add-modules");
        assertThat(results(chosen.out())).containsExactly(results(plain.out()), within(1e-5));
    }

    /**
     * The numbers of "final loss L after ..." and "final accuracy A": the kernels round differently in the last bits
     * (and a 512-bit machine's calibration may choose a third), so a printed digit could differ at a rounding edge.
     */
    private static double[] results(String out) {
        return out.lines().filter(l -> l.startsWith("final ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[2])).toArray();
    }

    /**
     * Early stopping on the training loss restores the best epoch's parameters; the final loss is theirs, as eval
     * computes it on the same data (it was the epoch's batches' mean as they trained: 0.699 here, where the
     * parameters after the epoch's last step give 0.983).
     */
    @Test
    void afterEarlyStoppingTheFinalLossIsTheRestoredParametersOwn(@TempDir Path tmp) throws Exception {
        Path save = tmp.resolve("p.safetensors");
        Run r = gradus(ROOT, "train", "examples/xor_mlp.net", "--patience", "3", "--epochs", "50", "--lr", "5", "--save", save.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("restored the parameters of epoch \\d+ \\(loss [0-9.]+, its batches' mean as they trained\\)");
        String finalLoss = r.out().replaceAll("(?s).*final loss ([0-9.e-]+) after.*", "$1");
        Run eval = gradus(ROOT, "eval", "examples/xor_mlp.net", "--params", save.toString());
        assertThat(eval.status()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("mean loss " + finalLoss + "\n");
    }

    /** --epochs 0 with a loss that is not finite fails as training does, and saves nothing. */
    @Test
    void anUntrainedRunWhoseLossIsNotFiniteFailsAndSavesNothing(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("ln.net"), """
                model Ln {
                    input  x[2]
                    target y[1]
                    param W[1, 2] init constant(-1)
                    z = log(W @ x)
                    loss = mse(z, y)
                    train { optimizer = sgd(lr = 0.1) batch = 2 }
                }
                """);
        Files.writeString(tmp.resolve("d.csv"), "x[0],x[1],y[0]\n1,2,0\n3,4,1\n");
        Path save = tmp.resolve("p.safetensors");
        for (String json : List.of("--quiet", "--json")) {
            Run r = gradus(tmp, "train", "ln.net", "--data", "d.csv", "--epochs", "0", "--save", save.toString(), json);
            assertThat(r.status()).as(r.out()).isEqualTo(1);
            assertThat(r.err()).contains("--epochs 0: the initial parameters' loss is NaN, not a finite number; nothing saved");
            assertThat(save).doesNotExist();
        }
    }
}
