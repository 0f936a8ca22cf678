package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gradus report: one self-contained page (golden-tested apart from the bundled KaTeX and the
 * Graphviz drawing), loaded in headless Chromium from file:// with no network: no console
 * errors, every formula rendered by KaTeX, and a screenshot that is not blank.
 */
class ReportTest {
    /** As the machine's Chromium is started everywhere here: nothing may connect anywhere. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--log-level=0");

    @Test
    void thePageIsSelfContainedAndMatchesItsGolden(@TempDir Path tmp) throws Exception {
        Path html = report(tmp, "xor_mlp", "x=[1,0],y=[1]");
        String page = Files.readString(html);
        assertThat(page).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("url(http").doesNotContain("<link")
                .contains("data:font/woff2;base64,").contains("Content-Security-Policy");
        // Comments of the generated Java link to the model lines they came from (line 10 defines h).
        assertThat(page).contains("<a class=\"src-comment\" href=\"#L10\"").contains("id=\"L10\"");
        Tools.golden("xor_mlp.report.html", normalized(page));
    }

    @Test
    void chromiumRendersEveryFormulaWithNoConsoleErrorAndAVisiblePage(@TempDir Path tmp) throws Exception {
        Path chromium = chromium();
        Path html = report(tmp, "softmax_classifier", "x=[1,0,2,-1],label=2");
        int formulas = count(Files.readString(html), "class=\"math\"");
        assertThat(formulas).isEqualTo(9); // 3 forward definitions, 6 gradients

        Tools.Proc dom = chrome(chromium, tmp, "dom", "--dump-dom", html.toUri().toString());
        assertThat(dom.status()).as(dom.out()).isZero();
        assertThat(consoleErrors(dom.out())).isEmpty();
        assertThat(dom.out()).contains("data-rendered=\"" + formulas + "\"");
        assertThat(count(dom.out(), "class=\"katex-display\"")).isEqualTo(formulas);
        assertThat(dom.out()).contains("class=\"katex-html\"").contains("<svg");

        Path png = tmp.resolve("page.png");
        Tools.Proc shot = chrome(chromium, tmp, "shot", "--window-size=1200,1600", "--screenshot=" + png, html.toUri().toString());
        assertThat(shot.status()).as(shot.out()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        Set<Integer> colors = new HashSet<>();
        int ink = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colors.add(rgb);
                ink += rgb != 0xFFFFFF ? 1 : 0;
            }
        }
        assertThat(colors.size()).as("distinct colours").isGreaterThan(50);
        assertThat(ink).as("non-white pixels").isGreaterThan(image.getWidth() * image.getHeight() / 4 / 50);
    }

    @Test
    void aFormulaKatexCannotRenderIsAConsoleError(@TempDir Path tmp) throws Exception {
        Path chromium = chromium();
        Path html = report(tmp, "scalar", null);
        Path broken = tmp.resolve("broken.html");
        Files.writeString(broken, Files.readString(html).replaceFirst("data-tex=\"", "data-tex=\"\\\\frac{"));
        Tools.Proc dom = chrome(chromium, tmp, "broken", "--dump-dom", broken.toUri().toString());
        assertThat(consoleErrors(dom.out())).isNotEmpty();
        assertThat(dom.out()).doesNotContain("data-rendered=");
    }

    @Test
    void withoutAnExampleThePageSaysHowToGetNumbers(@TempDir Path tmp) throws Exception {
        String page = Files.readString(report(tmp, "linear", null));
        assertThat(page).contains("Give an example with <code>--at</code>");
        assertThat(Tools.gradus("report", Tools.example("linear").toString(), "-o", tmp.resolve("x.txt").toString()).status()).isEqualTo(2);
        assertThat(Tools.gradus("report", Tools.example("linear").toString()).status()).isEqualTo(2);
        Tools.Result missing = Tools.gradus("report", Tools.example("linear").toString(), "-o", tmp.resolve("no/such/dir/r.html").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).startsWith("gradus: error: ").contains("no/such/dir").doesNotContain("Exception");
    }

    private static Path report(Path tmp, String example, String at) {
        Path html = tmp.resolve(example + ".html");
        List<String> args = new ArrayList<>(List.of("report", Tools.example(example).toString(), "-o", html.toString()));
        if (at != null) {
            args.addAll(List.of("--at", at));
        }
        Tools.Result r = Tools.gradus(args.toArray(String[]::new));
        assertThat(r.status()).as(r.err()).isZero();
        return html;
    }

    private static final String GRAPH = "<div class=\"graph\">(the graph, drawn by Graphviz, and its legend)</div>";

    /** The page without what is not ours to golden-test: the KaTeX bundle, Graphviz's drawing, the generated Java and the machine's paths. */
    static String normalized(String page) {
        String s = page.replaceFirst("(?s)<style>.*?</style>", "<style>(KaTeX's stylesheet with its fonts, and the page's)</style>")
                .replaceFirst("(?s)<script>.*?</script>", "<script>(KaTeX)</script>")
                // the drawing with its legend, or the note that says dot is missing: the same page otherwise
                .replaceFirst("(?s)<p>Forward nodes in black.*?</p>\\s*<div class=\"graph\">.*?</svg>\\s*</div>", GRAPH)
                .replaceFirst("(?s)<p class=\"note\">Graphviz's dot is not installed.*?</p>", GRAPH)
                // The emitter's own goldens cover the Java; here only its links (asserted above) matter.
                .replaceFirst("(?s)(<pre class=\"code java\">).*?(</pre>)", "$1(the generated Java, its comments linked to model lines)$2");
        return s.replace(Tools.ROOT.toString(), "ROOT");
    }

    static Tools.Proc chrome(Path chromium, Path tmp, String profile, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString()));
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + tmp.resolve("profile-" + profile));
        command.addAll(List.of(args));
        return Tools.run(tmp, 120, command);
    }

    /** Console messages that are errors: uncaught exceptions and console.error, as Chromium logs them to stderr. */
    static List<String> consoleErrors(String log) {
        List<String> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains("CONSOLE") && (line.contains("Uncaught") || line.contains(":ERROR:") || line.toLowerCase().contains("error"))) {
                out.add(line);
            }
        }
        return out;
    }

    static Path chromium() {
        return Tools.required("Chromium", "chromium", "chromium-browser", "google-chrome");
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
