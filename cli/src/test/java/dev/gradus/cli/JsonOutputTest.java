package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --json of check (also for a file with errors), summary, train and eval, read back by a JSON parser; and completion. */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(Tools.Result r) throws Exception {
        assertThat(r.out().strip()).as("one line of JSON on standard output").doesNotContain("\n");
        return JSON.readTree(r.out());
    }

    @Test
    void checkReportsModelsAndEveryDiagnostic(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.net");
        Files.writeString(bad, "model B {\n input x[2]\n param W[2, 4]\n h = W @ x\n loss = sum(h) + zz\n}\n");
        Tools.Result r = Tools.gradus("check", Tools.example("linear").toString(), bad.toString(), "--json");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        JsonNode j = parse(r);
        assertThat(j.get("ok").asBoolean()).isFalse();
        assertThat(j.get("errors").asInt()).isEqualTo(2);
        assertThat(j.get("files").get(0).get("models").get(0).asText()).isEqualTo("Linear");
        JsonNode d = j.get("files").get(1).get("diagnostics");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.get(0).get("line").asInt()).isEqualTo(4);
        assertThat(d.get(0).get("column").asInt()).isEqualTo(8);
        assertThat(d.get(0).get("message").asText()).isEqualTo("W @ x: [2, 4] @ [2]: inner dimensions 4 and 2 differ");
        assertThat(d.get(1).get("message").asText()).isEqualTo("unknown name 'zz'");
        Tools.Result ok = Tools.gradus("check", Tools.example("linear").toString(), "--json");
        assertThat(ok.status()).isZero();
        assertThat(parse(ok).get("ok").asBoolean()).isTrue();
    }

    @Test
    void summaryTrainAndEvalPrintOneObject(@TempDir Path tmp) throws Exception {
        JsonNode s = parse(Tools.gradus("summary", Tools.example("xor_mlp").toString(), "--json"));
        assertThat(s.get("total_parameters").asInt()).isEqualTo(33);
        assertThat(s.get("parameters").get(0).get("shape").toString()).isEqualTo("[8,2]");
        assertThat(s.get("memory_bytes").get("parameters").asInt()).isEqualTo(132);

        Path p = tmp.resolve("p.safetensors");
        String net = Tools.example("softmax_classifier").toString();
        Tools.Result train = Tools.gradus("train", net, "--epochs", "3", "--json", "--save", p.toString(), "--val-split", "0.2");
        assertThat(train.status()).as(train.err()).isZero();
        JsonNode t = parse(train);
        assertThat(t.get("epochs").asInt()).isEqualTo(3);
        assertThat(t.get("examples").asInt()).isEqualTo(120);
        assertThat(t.get("loss").isNumber()).isTrue();
        assertThat(t.get("metrics").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(t.get("val_metrics").has("accuracy")).isTrue();
        assertThat(t.get("saved").asText()).isEqualTo(p.toString());

        Tools.Result eval = Tools.gradus("eval", net, "--params", p.toString(), "--json");
        JsonNode e = parse(eval);
        assertThat(e.get("examples").asInt()).isEqualTo(150);
        long counted = 0;
        for (JsonNode row : e.get("confusion")) {
            for (JsonNode c : row) {
                counted += c.asLong();
            }
        }
        assertThat(counted).isEqualTo(150);
        assertThat(e.get("metrics").get("accuracy").asDouble()).isBetween(0.0, 1.0);
    }

    /** The distribution's completion/gradus is what `gradus completion` prints (rewrite it with -Dgradus.update=true). */
    @Test
    void completionIsABashScriptForEveryCommandAndTheDistributionShipsIt() throws Exception {
        Tools.Result r = Tools.gradus("completion");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F").contains("--resume").contains("--json")
                .contains("gradcheck");
        Path shipped = Tools.ROOT.resolve("cli/src/dist/completion/gradus");
        if (Boolean.getBoolean("gradus.update")) {
            Files.writeString(shipped, r.out());
        }
        assertThat(shipped).as("rewrite with -Dgradus.update=true").hasContent(r.out());
    }
}
