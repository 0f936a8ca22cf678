package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a user would, on bad data and parameter files and awkward output paths. */
class DataAndOutputFilesCliIT {
    private static final String MODEL = "model Scalar {\n    input  x\n    target y\n    param  w = 1.0\n    y_hat = w * x\n"
            + "    output y_hat\n    loss  = (y_hat - y) ** 2\n"
            + "    train { data = \"d.csv\" optimizer = adam(lr = 0.05) batch = 2 epochs = 3 shuffle = false }\n}\n";

    record Run(int status, String out, String err) {}

    @TempDir
    Path tmp;

    @BeforeEach
    void model() throws IOException {
        Files.writeString(tmp.resolve("m.net"), MODEL);
        Files.writeString(tmp.resolve("d.csv"), "x,y\n1,2\n2,4\n3,6\n");
    }

    static Run gradus(Path dir, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = GradusProcess.builder(dir, args);
        Path out = Files.createTempFile("gradus", ".out");
        Path err = Files.createTempFile("gradus", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private static void fails(Run r, int status, String... fragments) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(status);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).doesNotContain("saved parameters");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    private List<String> files() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void commandLineOptimizerSettingsFollowTheTrainBlocksRule() throws Exception {
        fails(gradus(tmp, "train", "m.net", "--lr", "NaN"), 2, "--lr: adam's lr must be a finite number, found NaN");
        fails(gradus(tmp, "train", "m.net", "--lr", "Infinity"), 2, "--lr: adam's lr must be a finite number, found Infinity");
        fails(gradus(tmp, "train", "m.net", "--lr", "-1"), 2, "--lr: adam's lr must not be negative, found -1");
        Files.writeString(tmp.resolve("b.net"), MODEL.replace("adam(lr = 0.05)", "adam(lr = 0.05, beta1 = 1.5)"));
        fails(gradus(tmp, "train", "b.net"), 1, "b.net:8:64: error: adam's beta1 must be in [0, 1), found 1.5");
    }

    @Test
    void nonFiniteAndJavaOnlyCellsAreErrorsWithFileLineAndColumn() throws Exception {
        Files.writeString(tmp.resolve("nan.csv"), "x,y\n1,2\n2,NaN\n");
        fails(gradus(tmp, "train", "m.net", "--data", "nan.csv"), 1, "nan.csv:3:3: column 'y': 'NaN' is not a finite number");
        Files.writeString(tmp.resolve("big.csv"), "x,y\n1e400,2\n");
        fails(gradus(tmp, "train", "m.net", "--data", "big.csv"), 1, "big.csv:2:1: column 'x': '1e400' is too large");
        Files.writeString(tmp.resolve("java.csv"), "x,y\n1f,2\n");
        fails(gradus(tmp, "train", "m.net", "--data", "java.csv"), 1, "java.csv:2:1: column 'x': '1f' is not a number");
        Files.writeString(tmp.resolve("wide.csv"), "x,y\n1,2,3\n");
        fails(gradus(tmp, "train", "m.net", "--data", "wide.csv"), 1, "wide.csv:2:5: this row has more cells than the header's 2");
        Files.writeString(tmp.resolve("twice.csv"), "x,y,x\n1,2,3\n");
        fails(gradus(tmp, "train", "m.net", "--data", "twice.csv"), 1, "twice.csv:1:5: column 'x' appears twice: cell 1 (1:1) and cell 3 (1:5)");
        Files.writeString(tmp.resolve("header.csv"), "x,y\n");
        fails(gradus(tmp, "train", "m.net", "--data", "header.csv"), 1, "header.csv:2:1: no examples after the header row");
        Files.write(tmp.resolve("latin1.csv"), "x,y\n1,2 \u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        fails(gradus(tmp, "train", "m.net", "--data", "latin1.csv"), 1, "latin1.csv:2:5: the file is not UTF-8: byte 0xE9");
    }

    @Test
    void devicesAsInputsAreClearErrors() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/zero")));
        fails(gradus(tmp, "train", "m.net", "--data", "/dev/zero"), 1, "/dev/zero:1:1: the file is not UTF-8 text: a NUL byte");
        fails(gradus(tmp, "eval", "m.net", "--params", "/dev/zero", "--data", "d.csv"), 1,
                "/dev/zero: not a safetensors file: header length 0 is too short");
    }

    @Test
    void aParameterFileWithNaNNamesTensorAndIndex() throws Exception {
        Path p = tmp.resolve("p.safetensors");
        dev.gradus.runtime.Safetensors.write(p, java.util.Map.of("w", new int[0]), java.util.Map.of("w", new double[] {Double.NaN}), false);
        fails(gradus(tmp, "train", "m.net", "--init", "p.safetensors"), 1, "p.safetensors: tensor 'w' value 0 is NaN");
        fails(gradus(tmp, "eval", "m.net", "--params", "p.safetensors", "--data", "d.csv"), 1, "tensor 'w' value 0 is NaN");
    }

    @Test
    void savedFilesGetTheUmasksPermissionsAndLinksAreFollowed() throws Exception {
        Files.writeString(tmp.resolve("plain"), "x");
        Files.createDirectories(tmp.resolve("real"));
        Files.createSymbolicLink(tmp.resolve("link.safetensors"), Path.of("real/p.safetensors"));
        Run r = gradus(tmp, "train", "m.net", "--quiet", "--save", "link.safetensors", "--log", "log.csv");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(tmp.resolve("link.safetensors"))).isTrue();
        assertThat(dev.gradus.runtime.Safetensors.read(tmp.resolve("real/p.safetensors"))).containsKey("w");
        var expected = Files.getPosixFilePermissions(tmp.resolve("plain"));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("real/p.safetensors"))).isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(tmp.resolve("log.csv"))).isEqualTo(expected);
        assertThat(files()).containsExactly("d.csv", "link.safetensors", "log.csv", "m.net", "plain", "real");
    }

    @Test
    void devicesAsOutputsAreWrittenInPlaceAndAFullDeviceFails() throws Exception {
        assumeTrue(Files.isWritable(Path.of("/dev/null")) && Files.isWritable(Path.of("/dev/full")));
        Run ok = gradus(tmp, "train", "m.net", "--quiet", "--save", "/dev/null", "--log", "/dev/null");
        assertThat(ok.status()).as(ok.err()).isZero();
        Run toStdout = gradus(tmp, "train", "m.net", "--quiet", "--log", "/dev/stdout");
        assertThat(toStdout.status()).as(toStdout.err()).isZero();
        assertThat(toStdout.out()).contains("epoch,loss\n1,").contains("final loss");
        assertThat(Files.isRegularFile(Path.of("/dev/null"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        fails(gradus(tmp, "train", "m.net", "--quiet", "--save", "/dev/full"), 1, "/dev/full: cannot save: No space left on device");
        fails(gradus(tmp, "train", "m.net", "--quiet", "--log", "/dev/full"), 1, "/dev/full: cannot save: No space left on device");
        assertThat(files()).containsExactly("d.csv", "m.net");
    }

    @Test
    void outputsAreCheckedBeforeTraining() throws Exception {
        Run same = gradus(tmp, "train", "m.net", "--save", "out.bin", "--log", "./out.bin");
        fails(same, 2, "--save and --log name the same file (out.bin)");
        fails(gradus(tmp, "train", "m.net", "--log", "d.csv"), 2, "--log would overwrite the data (d.csv)");
        Run missing = gradus(tmp, "train", "m.net", "--save", "no/such/p.safetensors");
        fails(missing, 1, "no/such/p.safetensors: cannot save: the folder " + tmp.toRealPath().resolve("no/such") + " does not exist");
        assertThat(missing.out()).doesNotContain("training").doesNotContain("final loss");
        fails(gradus(tmp, "train", "m.net", "--save", "."), 1, ".: cannot save: it is a folder");
        Run eval = gradus(tmp, "eval", "m.net", "--params", "p.safetensors", "--data", "d.csv", "--predict", "p.safetensors");
        fails(eval, 2, "--predict would overwrite --params (p.safetensors)");
        assertThat(files()).containsExactly("d.csv", "m.net");
    }
}
