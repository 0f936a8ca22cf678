package dev.gradus.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile inputs too large to keep as files, and the cases that must hold in a real process too. */
class GeneratedHostileInputTest {
    private static final Pattern DIAGNOSTIC = Pattern.compile("(?m)^\\S+:\\d+:\\d+: error: ");

    @TempDir
    Path tmp;

    private static String model(String body) {
        return "model M {\n  input x\n  target y\n  loss = square(x - y)\n" + body + "}\n";
    }

    @Test
    void twentyThousandSyntaxErrorsShowTheFirstHundredAndCountTheRest() throws Exception {
        Path file = tmp.resolve("errors.net");
        Files.writeString(file, model("  a = @\n".repeat(20_000)));
        Gradus.Run r = Gradus.inProcess("check", file.toString());
        Gradus.assertSane(r, "20,000 syntax errors");
        assertThat(r.status()).isEqualTo(1);
        assertThat(DIAGNOSTIC.matcher(r.err()).results().count()).isEqualTo(100);
        assertThat(r.err()).contains(file + ":5:7: error: unexpected '@', expected an expression")
                .contains(file + ":104:").doesNotContain(file + ":105:")
                .contains("and 19900 more errors (only the first 100 are shown)").endsWith("20000 errors\n");
    }

    @Test
    void threeThousandUnknownNamesStopCheckingAfterAThousand() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            body.append("  a").append(i).append(" = zz").append(i).append(" + 1\n");
        }
        Path file = tmp.resolve("unknown.net");
        Files.writeString(file, model(body.toString()));
        Gradus.Run r = Gradus.inProcess("check", file.toString());
        Gradus.assertSane(r, "3,000 unknown names");
        assertThat(DIAGNOSTIC.matcher(r.err()).results().count()).isEqualTo(100);
        assertThat(r.err()).contains(file + ":5:8: error: unknown name 'zz0'")
                .contains("and at least 900 more errors (only the first 100 are shown)")
                .contains("checking stopped after 1000 errors");
    }

    @Test
    void aFileOverOneMebibyteIsRefusedBeforeItIsParsed() throws Exception {
        Path file = tmp.resolve("huge.net");
        Files.writeString(file, model("# " + "x".repeat(1 << 20) + "\n"));
        Gradus.Run r = Gradus.inProcess("check", file.toString());
        Gradus.assertSane(r, "a 1 MiB file");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("gradus: error: " + file + ": the file is larger than 1 MiB, the limit for a .net file\n");
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws Exception {
        String text = model("");
        Path file = tmp.resolve("limit.net");
        Files.writeString(file, text + "#" + "x".repeat((1 << 20) - text.length() - 2) + "\n");
        assertThat(Files.size(file)).isEqualTo(1 << 20);
        Gradus.Run r = Gradus.inProcess("check", file.toString());
        assertThat(r.status()).as(r.all()).isZero();
    }

    @Test
    void aRealProcessReportsDeepNestingWithoutAStackOverflow() throws Exception {
        Path file = tmp.resolve("deep.net");
        Files.writeString(file, model("  h = " + "exp(".repeat(5000) + "x" + ")".repeat(5000) + "\n"));
        Gradus.Run r = Gradus.process(tmp, "check", "deep.net");
        Gradus.assertSane(r, "5,000 nested calls in a process");
        assertThat(r.err()).startsWith("deep.net:5:1034: error: expression nested too deeply (limit 256)\n");
    }

    @Test
    void aRealProcessReadsDevZeroAsTooLarge() throws Exception {
        Gradus.Run r = Gradus.process(tmp, "check", "/dev/zero");
        Gradus.assertSane(r, "/dev/zero in a process");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("/dev/zero: the file is larger than 1 MiB");
    }

    @Test
    void aRealProcessNamesTheFirstByteThatIsNotUtf8() throws Exception {
        Path file = tmp.resolve("latin1.net");
        Files.write(file, model("  # caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        Gradus.Run r = Gradus.process(tmp, "check", "latin1.net");
        Gradus.assertSane(r, "Latin-1 in a process");
        assertThat(r.err()).startsWith("latin1.net:5:8: error: the file is not UTF-8 text: byte 0xE9 cannot appear here");
    }

    @Test
    void aRealProcessCreatesAMissingOutputFolder() throws Exception {
        Files.writeString(tmp.resolve("m.net"), model(""));
        Gradus.Run r = Gradus.process(tmp, "compile", "-d", "gen/src", "--package", "org.example", "m.net");
        assertThat(r.status()).as(r.all()).isZero();
        assertThat(tmp.resolve("gen/src/org/example/M.java")).exists();
        Gradus.assertNoPartialOutput(r, tmp.resolve("gen"), "compile -d into a new folder");
    }
}
