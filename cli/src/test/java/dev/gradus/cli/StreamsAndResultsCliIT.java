package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, as a user runs the jar: {@code -}, {@code /dev/stdin}, {@code /dev/stdout} and named pipes
 * as data and outputs; eval and predict never report a non-finite result as success; blank lines
 * and quoted line ends in CSV; a --batch beyond memory; a 255-byte output name.
 */
class StreamsAndResultsCliIT {
    private static final String MODEL = "model Scalar {\n    input  x\n    target y\n    param  w = 1.0\n    y_hat = w * x\n"
            + "    output y_hat\n    loss  = (y_hat - y) ** 2\n"
            + "    train { data = \"d.csv\" optimizer = sgd(lr = 0.01) batch = 2 epochs = 3 shuffle = false }\n}\n";

    record Run(int status, byte[] out, String err) {
        String text() {
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @TempDir
    Path tmp;

    @BeforeEach
    void model() throws IOException {
        Files.writeString(tmp.resolve("m.net"), MODEL);
        Files.writeString(tmp.resolve("d.csv"), "x,y\n1,2\n\n2,4\n   \n3,6\n");
    }

    /** Runs the jar in {@code tmp} with {@code stdin} (null: none) as standard input. */
    private Run gradus(byte[] stdin, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = GradusProcess.builder(tmp, args);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out.join(), new String(err.join(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static byte[] read(java.io.InputStream s) {
        try {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void dashIsStandardInputAndOutputAndTheDevicesWorkToo() throws Exception {
        Run save = gradus(null, "train", "m.net", "--save", "-");
        assertThat(save.status()).as(save.err()).isZero();
        assertThat(save.err()).contains("final loss").contains("saved parameters to -");
        Run file = gradus(null, "train", "m.net", "--quiet", "--save", "p.safetensors");
        assertThat(file.status()).as(file.err()).isZero();
        assertThat(save.out()).as("the parameters on standard output").isEqualTo(Files.readAllBytes(tmp.resolve("p.safetensors")));

        byte[] csv = Files.readAllBytes(tmp.resolve("d.csv"));
        Run dash = gradus(csv, "predict", "m.net", "--params", "p.safetensors", "--data", "-", "--out", "-");
        assertThat(dash.status()).as(dash.err()).isZero();
        assertThat(dash.text()).startsWith("y,y_hat\n2,").hasLineCount(4);
        Run devices = gradus(csv, "predict", "m.net", "--params", "p.safetensors", "--data", "/dev/stdin", "--out", "/dev/stdout");
        assertThat(devices.status()).as(devices.err()).isZero();
        assertThat(devices.text()).startsWith(dash.text()).endsWith("wrote 3 predictions to /dev/stdout\n");
        Run params = gradus(Files.readAllBytes(tmp.resolve("p.safetensors")), "eval", "m.net", "--params", "-", "--data", "d.csv",
                "--predict", "/dev/stderr");
        assertThat(params.status()).as(params.err()).isZero();
        assertThat(params.text()).contains("3 examples, mean loss");
        assertThat(params.err()).contains("y_hat\n");
        Run log = gradus(null, "train", "m.net", "--quiet", "--log", "-");
        assertThat(log.text()).startsWith("epoch,loss\n1,").hasLineCount(4);
        Run twice = gradus(csv, "eval", "m.net", "--params", "-", "--data", "-");
        assertThat(twice.status()).isEqualTo(2);
        assertThat(twice.err()).contains("--params and --data both read standard input (-)");
    }

    @Test
    void aNamedPipeIsReadAsData() throws Exception {
        Path fifo = tmp.resolve("fifo.csv");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is available");
        assertThat(gradus(null, "train", "m.net", "--quiet", "--save", "p.safetensors").status()).isZero();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(fifo, "x,y\n1,2\n2,4\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Run r = gradus(null, "predict", "m.net", "--params", "p.safetensors", "--data", fifo.toString());
        writer.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.text()).startsWith("y,y_hat\n2,").hasLineCount(3);
    }

    @Test
    void nonFiniteResultsAreErrorsAndNothingIsWritten() throws Exception {
        assertThat(gradus(null, "train", "m.net", "--quiet", "--save", "p.safetensors").status()).isZero();
        Files.writeString(tmp.resolve("big.csv"), "x,y\n1,2\n1e39,1\n"); // beyond float: w * x is infinite
        Run predict = gradus(null, "predict", "m.net", "--params", "p.safetensors", "--data", "big.csv", "--out", "o.csv");
        assertThat(predict.status()).isEqualTo(1);
        assertThat(predict.err()).isEqualTo("gradus: error: big.csv: the output of example 1 (from 0), element 0, is Infinity, not a finite"
                + " number (inputs or parameters beyond the range of float? try --precision double); nothing written\n");
        assertThat(tmp.resolve("o.csv")).doesNotExist();
        Run eval = gradus(null, "eval", "m.net", "--params", "p.safetensors", "--data", "big.csv");
        assertThat(eval.status()).isEqualTo(1);
        assertThat(eval.err()).startsWith("gradus: error: big.csv: the mean loss is Infinity, not a finite number");
        Run at = gradus(null, "predict", "m.net", "--params", "p.safetensors", "--at", "x=1e39");
        assertThat(at.status()).isEqualTo(1);
        assertThat(at.err()).contains("--at: the output of example 0 (from 0), element 0, is Infinity");
        Run doubled = gradus(null, "predict", "m.net", "--params", "p.safetensors", "--at", "x=1e39", "--precision", "double");
        assertThat(doubled.status()).as(doubled.err()).isZero();
        Files.writeString(tmp.resolve("ln.net"), """
                model Ln {
                    input  x
                    target y
                    param w = 1.0
                    output y_hat
                    y_hat = log(w * x)
                    loss = (y_hat - y) ** 2
                    train { optimizer = sgd(lr = 0.1) batch = 1 }
                }
                """);
        Run nan = gradus(null, "predict", "ln.net", "--params", "p.safetensors", "--at", "x=-1"); // m.net's w, about 2
        assertThat(nan.status()).isEqualTo(1);
        assertThat(nan.err()).contains("is NaN, not a number (a function outside its domain, such as log or sqrt of a negative value");
    }

    @Test
    void quotedLineEndsAndBlankLinesPassThroughPredict() throws Exception {
        assertThat(gradus(null, "train", "m.net", "--quiet", "--save", "p.safetensors").status()).isZero();
        Files.writeString(tmp.resolve("in.csv"), "id,note,x\r\n7,\"two\r\nlines, \"\"quoted\"\"\",1\r\n\r\n8,plain,2\r\n");
        Run r = gradus(null, "predict", "m.net", "--params", "p.safetensors", "--data", "in.csv");
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.text().split("\n", -1);
        assertThat(lines[0]).isEqualTo("id,note,y_hat");
        assertThat(lines[1]).isEqualTo("7,\"two\r");
        assertThat(lines[2]).startsWith("lines, \"\"quoted\"\"\",");
        assertThat(lines[3]).startsWith("8,plain,");
    }

    @Test
    void aBatchBeyondMemoryIsRefusedWithWhatItNeeds() throws Exception {
        Run r = gradus(null, "train", "m.net", "--batch", "2000000000");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("gradus: error: --batch 2000000000: a batch of 2,000,000,000 examples needs at least ");
        Run ok = gradus(null, "train", "m.net", "--quiet", "--batch", "50000", "--save", "p".repeat(243) + ".safetensors");
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(tmp.resolve("p".repeat(243) + ".safetensors")).exists();
    }
}
