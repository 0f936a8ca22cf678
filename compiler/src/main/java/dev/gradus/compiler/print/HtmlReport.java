package dev.gradus.compiler.print;

import dev.gradus.compiler.diff.ModelGradients;
import dev.gradus.compiler.ir.CheckedModel;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gradus report}: one self-contained HTML page for a learner. The model's source with line
 * anchors; the computation graph; the forward definitions and every gradient as rendered math
 * (KaTeX, inlined); the explain walkthrough with numbers; and the generated Java, whose derivative
 * comments link to the model lines they came from. The page loads nothing from anywhere.
 */
public final class HtmlReport {
    private static final Pattern COMMENT = Pattern.compile("^(\\s*//\\s*)(?:dloss/d)?([\\p{L}_][\\p{L}\\p{Nd}_]*)( = .*)$");

    /** What goes into the page: {@code graph} is SVG markup, or null with {@code graphNote} saying why. */
    public record Parts(CheckedModel model, String sourceName, String graph, String graphNote, String walkthrough, String java) {}

    private HtmlReport() {}

    public static String render(Parts parts) {
        CheckedModel model = parts.model();
        SourceForms source = new SourceForms(model);
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                        + "script-src 'unsafe-inline'; font-src data:; img-src data:\">\n")
                .append("<title>").append(esc(model.name())).append(" — gradus report</title>\n<style>")
                .append(KatexBundle.css()).append("\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(model.name())).append("</h1>\n<p class=\"lead\">From <code>").append(esc(parts.sourceName()))
                .append("</code>: the model, its computation graph, the math of its forward and backward passes, ")
                .append("a walkthrough with numbers and the Java trainer that gradus generated from it.</p>\n");
        h.append("<nav><a href=\"#source\">Model</a> · <a href=\"#graph\">Graph</a> · <a href=\"#math\">Math</a> · ")
                .append("<a href=\"#walkthrough\">Walkthrough</a> · <a href=\"#java\">Generated Java</a></nav>\n");

        h.append("<section id=\"source\"><h2>The model</h2>\n<pre class=\"code\">");
        List<String> lines = model.source().lines();
        for (int i = 0; i < lines.size(); i++) {
            h.append("<span class=\"line\" id=\"L").append(i + 1).append("\"><span class=\"ln\">").append(i + 1).append("</span>")
                    .append(esc(lines.get(i))).append("</span>");
        }
        h.append("</pre></section>\n");

        h.append("<section id=\"graph\"><h2>Computation graph</h2>\n");
        if (parts.graph() != null) {
            h.append("<p>Forward nodes in black, the backward pass in red; with an example, each node shows its value and ")
                    .append("<em>grad</em>, the loss's total derivative by it. Click the graph to see it at full size.</p>\n<div class=\"graph\">")
                    .append(stripXmlProlog(parts.graph())).append("</div>\n");
        } else {
            h.append("<p class=\"note\">").append(esc(parts.graphNote())).append("</p>\n");
        }
        h.append("</section>\n");

        h.append("<section id=\"math\"><h2>Forward pass (one example)</h2>\n");
        Map<String, String> forward = GradPrinter.forward(model, MathPrinter.Format.LATEX);
        Map<String, String> forwardText = GradPrinter.forward(model, MathPrinter.Format.TEXT);
        for (Map.Entry<String, String> e : forward.entrySet()) {
            math(h, LatexForms.name(e.getKey()) + " = " + e.getValue(), e.getKey() + " = " + forwardText.get(e.getKey()),
                    source.line(e.getKey()));
        }
        h.append("<h2>Backward pass: gradients</h2>\n<p>").append(esc(GradPrinter.BACKWARD)).append(".</p>\n");
        ModelGradients grads = ModelGradients.of(model);
        Map<String, String> backward = GradPrinter.backward(grads, MathPrinter.Format.LATEX);
        Map<String, String> backwardText = GradPrinter.backward(grads, MathPrinter.Format.TEXT);
        for (Map.Entry<String, String> e : backward.entrySet()) {
            String of = e.getKey().startsWith("dloss/d") ? e.getKey().substring("dloss/d".length()) : ""; // t1: a shared term
            math(h, LatexForms.name(e.getKey()) + " = " + e.getValue(), e.getKey() + " = " + backwardText.get(e.getKey()), source.line(of));
        }
        h.append("</section>\n");

        h.append("<section id=\"walkthrough\"><h2>Walkthrough with numbers</h2>\n");
        if (parts.walkthrough() != null) {
            h.append("<pre class=\"walk\">").append(esc(parts.walkthrough())).append("</pre>\n");
        } else {
            h.append("<p class=\"note\">Give an example with <code>--at</code> (as for <code>gradus explain</code>) to see the ")
                    .append("forward values, the chain rule with numbers and the optimizer's step here.</p>\n");
        }
        h.append("</section>\n");

        h.append("<section id=\"java\"><h2>Generated Java</h2>\n<p>The trainer gradus generated. Comments naming a value ")
                .append("or a derivative link to the model line that defines it.</p>\n<pre class=\"code java\">");
        for (String line : parts.java().split("\n", -1)) {
            h.append(javaLine(line, source)).append('\n');
        }
        h.append("</pre></section>\n");
        h.append("<script>").append(KatexBundle.script()).append("</script>\n<script>").append(RENDER).append("</script>\n");
        return h.append("</body>\n</html>\n").toString();
    }

    private static void math(StringBuilder h, String tex, String text, int line) {
        h.append("<div class=\"eq\"><div class=\"math\" data-tex=\"").append(esc(tex)).append("\"><code>").append(esc(text))
                .append("</code></div>");
        if (line > 0) {
            h.append("<a class=\"src\" href=\"#L").append(line).append("\">line ").append(line).append("</a>");
        }
        h.append("</div>\n");
    }

    /** A line of Java, its comment linked to the model line of the value or derivative it names. */
    private static String javaLine(String line, SourceForms source) {
        Matcher m = COMMENT.matcher(line);
        if (m.matches()) {
            int at = source.line(m.group(2));
            if (at > 0) {
                return "<a class=\"src-comment\" href=\"#L" + at + "\" title=\"model line " + at + "\">" + esc(line) + "</a>";
            }
        }
        return esc(line);
    }

    private static String stripXmlProlog(String svg) {
        int at = svg.indexOf("<svg");
        return at >= 0 ? svg.substring(at) : svg;
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1f2328;line-height:1.45}
            h1{margin-bottom:.2em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}
            nav{margin:1em 0;font-size:.95em}a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
            pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.8em;overflow-x:auto;font-size:13px}
            .code .line{display:block}.code .line:target{background:#fff8c5}.ln{display:inline-block;width:3em;color:#8c959f;user-select:none}
            .eq{display:flex;align-items:center;gap:1em;border-bottom:1px dotted #eaeef2}.eq .math{flex:1;overflow-x:auto}
            .math code{color:#57606a}.src{font-size:.85em;white-space:nowrap}.src-comment{color:#1a7f37}
            .graph{overflow-x:auto;border:1px solid #d0d7de;border-radius:6px;padding:.5em;background:#fff}.graph svg{height:auto;max-width:100%;cursor:zoom-in}.graph.full svg{max-width:none;cursor:zoom-out}
            .note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.6em}
            """;

    /** Renders every formula; a formula KaTeX cannot typeset is an uncaught error in the console, not a silent fallback. */
    private static final String RENDER = """
            (function () {
              var done = 0;
              document.querySelectorAll('.math').forEach(function (el) {
                katex.render(el.getAttribute('data-tex'), el, {displayMode: true, throwOnError: true});
                done++;
              });
              document.body.setAttribute('data-rendered', String(done));
              document.querySelectorAll('.graph').forEach(function (g) { // the whole graph fits; a click shows it full size
                g.addEventListener('click', function () { g.classList.toggle('full'); });
              });
            })();
            """;
}
