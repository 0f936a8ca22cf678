package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Diagnostic;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diag.SourceFiles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading source text (encodings, lines) and rendering diagnostics, below the command line. */
class FrontDoorTest {

    @Test
    void linesAreCountedAsStringLinesCountsThem() {
        for (String text : List.of("", "a", "a\n", "a\n\nb", "a\r\nb\r\n", "a\rb", "\n\n")) {
            Source s = new Source("f.net", text);
            assertThat(s.lines()).as("%s", text.replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(text.lines().toList());
            assertThat(s.lineCount()).isEqualTo(text.lines().count());
        }
        assertThat(new Source("f.net", "a\r\nbc\r\n").line(2)).isEqualTo("bc");
        assertThat(new Source("f.net", "a").line(5)).isEmpty();
    }

    @Test
    void aLongLineIsShownAsAWindowAroundTheColumn() {
        String line = "x".repeat(1000) + "@" + "y".repeat(1000);
        String rendered = new Diagnostic(new Source("f.net", line + "\n"), new Position(1, 1001), "bad").render();
        String[] parts = rendered.split("\n");
        assertThat(parts[0]).isEqualTo("f.net:1:1001: error: bad");
        assertThat(parts[1]).startsWith("...x").endsWith("y...").contains("@").hasSizeLessThan(200);
        assertThat(parts[2].indexOf('^')).isEqualTo(parts[1].indexOf('@'));
    }

    @Test
    void byteOrderMarksAreSkippedAndUtf16WithOneIsRead() {
        String text = "model M { }  # café\n";
        byte[] utf8Bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
        assertThat(SourceFiles.decode("f.net", utf8Bom).text()).isEqualTo(text);
        assertThat(SourceFiles.decode("f.net", text.getBytes(StandardCharsets.UTF_16)).text()).isEqualTo(text);
        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        assertThat(SourceFiles.decode("f.net", le).text()).isEqualTo(text);
    }

    @Test
    void theFirstByteThatIsNotUtf8IsNamedByLineAndColumn() {
        byte[] latin1 = "model M {\n  # ü and é\n}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> SourceFiles.decode("f.net", latin1)).isInstanceOfSatisfying(CompileException.class, e ->
                assertThat(e.render()).startsWith("f.net:2:5: error: the file is not UTF-8 text: byte 0xFC cannot appear here"));
        byte[] afterMultibyte = "model M {\n  # é \u00ff".getBytes(StandardCharsets.UTF_8);
        afterMultibyte[afterMultibyte.length - 2] = (byte) 0xFF; // the first byte of ÿ's two
        assertThatThrownBy(() -> SourceFiles.decode("f.net", afterMultibyte)).isInstanceOfSatisfying(CompileException.class, e ->
                assertThat(e.render()).startsWith("f.net:2:7: error: the file is not UTF-8 text: byte 0xFF"));
    }

    @Test
    void utf16WithoutAByteOrderMarkIsNamed() {
        byte[] bytes = "model M { }".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> SourceFiles.decode("f.net", bytes)).isInstanceOfSatisfying(CompileException.class, e ->
                assertThat(e.render()).startsWith("f.net:1:2: error: the file is not text: it contains a NUL byte (is it UTF-16"));
    }

    @Test
    void nestingIsLimitedBeforeTheParserRecurses() {
        String deep = "model M {\n  input x\n  target y\n  loss = square(" + "-(".repeat(3000) + "x" + ")".repeat(3000) + " - y)\n}\n";
        assertThatThrownBy(() -> Frontend.check(new Source("f.net", deep))).isInstanceOfSatisfying(CompileException.class, e -> {
            assertThat(e.diagnostics()).hasSize(1);
            assertThat(e.diagnostics().get(0).message()).isEqualTo("expression nested too deeply (limit 256)");
        });
        String atLimit = "model M {\n  input x\n  target y\n  loss = square(" + "-(".repeat(126) + "x" + ")".repeat(126) + " - y)\n}\n";
        assertThat(Frontend.check(new Source("f.net", atLimit))).hasSize(1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
