package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.runtime.Safetensors;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user's first hour hit (issue 22): usage errors, the initial parameters, --shuffle. */
class FirstHourTest {

    @Test
    void aUsageErrorIsOneLineAndAPointerToHelpWithExitStatus2() {
        Tools.Result r = Tools.gradus("train", Tools.example("linear").toString(), "--epochs", "-1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("gradus: error: --epochs must not be negative, found -1\n"
                + "Try 'gradus train --help' for more information.\n");
        Tools.Result typo = Tools.gradus("trian");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).startsWith("gradus: error: 'trian' is not a gradus command; the commands are check, grad, explain,")
                .contains("Did you mean: gradus train?").endsWith("Try 'gradus --help' for more information.\n")
                .doesNotContain("Usage:").doesNotContain("Unmatched argument");
        Tools.Result format = Tools.gradus("grad", Tools.example("linear").toString(), "--format", "html");
        assertThat(format.status()).isEqualTo(2);
        assertThat(format.err()).startsWith("gradus: error: --format must be text, unicode or latex, found 'html'\n");
        assertThat(Tools.gradus("grad", Tools.example("linear").toString(), "--format", "LaTeX").status()).isZero();
        Tools.Result shuffle = Tools.gradus("train", Tools.example("linear").toString(), "--shuffle", "maybe");
        assertThat(shuffle.status()).isEqualTo(2);
        assertThat(shuffle.err()).startsWith("gradus: error: Invalid value for option '--shuffle': 'maybe' is not a boolean");
        Tools.Result both = Tools.gradus("predict", Tools.example("linear").toString(), "--params", "p.safetensors", "--at", "x=1",
                "--data", "d.csv");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).as("picocli's own 'Error: ' prefix, not printed twice").startsWith("gradus: error: --")
                .contains("are mutually exclusive");
    }

    @Test
    void aMissingFileOrAFolderIsSaidOnceInTheSameWords(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope.safetensors");
        Tools.Result params = Tools.gradus("eval", Tools.example("linear").toString(), "--params", missing.toString());
        assertThat(params.status()).isEqualTo(1);
        assertThat(params.err()).isEqualTo("gradus: error: " + missing + ": no such file\n");
        Tools.Result folder = Tools.gradus("check", tmp.toString());
        assertThat(folder.status()).isEqualTo(1);
        assertThat(folder.err()).contains(tmp + ": cannot read: it is a folder");
    }

    @Test
    void aMisspeltMetricOrScheduleGetsAHint() {
        Tools.Result r = Tools.gradus("train", Tools.example("linear").toString(), "--metrics", "acuracy");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown metric 'acuracy'").contains("; did you mean 'accuracy'?");
        Tools.Result schedule = Tools.gradus("train", Tools.example("linear").toString(), "--schedule", "cosin(T_max = 5)");
        assertThat(schedule.status()).isEqualTo(2);
        assertThat(schedule.err()).contains("unknown schedule 'cosin'").contains("; did you mean 'cosine'?");
        Tools.Result bad = Tools.gradus("train", Tools.example("linear").toString(), "--schedule", "cosine(T_maxx = 5)");
        assertThat(bad.err()).as("a known schedule's bad argument: no hint about the name").doesNotContain("did you mean");
    }

    /** A --model the file lacks, none for a file of several, and no data anywhere: usage mistakes, exit 2. */
    @Test
    void aMissingModelOrDataIsAUsageMistake(@TempDir Path tmp) throws Exception {
        Path two = tmp.resolve("two.net");
        String model = java.nio.file.Files.readString(Tools.example("linear"));
        java.nio.file.Files.writeString(two, model + "\n" + model.replaceFirst("model \\w+", "model Other"));
        Tools.Result none = Tools.gradus("grad", two.toString());
        assertThat(none.status()).as(none.err()).isEqualTo(2);
        assertThat(none.err()).contains("; choose one with --model NAME").contains("Try 'gradus grad --help'");
        Tools.Result unknown = Tools.gradus("summary", two.toString(), "--model", "C");
        assertThat(unknown.status()).as(unknown.err()).isEqualTo(2);
        assertThat(unknown.err()).contains("no model named 'C'");
        Path noData = tmp.resolve("nodata.net");
        java.nio.file.Files.writeString(noData, model.replaceAll("data = \"[^\"]*\"", ""));
        Tools.Result train = Tools.gradus("train", noData.toString());
        assertThat(train.status()).as(train.err()).isEqualTo(2);
        assertThat(train.err()).contains("names no data; give --data FILE.csv");
    }

    @Test
    void oneEpochIsOneEpoch() {
        Tools.Result r = Tools.gradus("train", Tools.example("linear").toString(), "--epochs", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains(" examples, 1 epoch, batch ").contains("after 1 epoch (");
    }

    @Test
    void zeroEpochsSaveTheInitialParameters(@TempDir Path tmp) {
        Path p = tmp.resolve("init.safetensors");
        Tools.Result r = Tools.gradus("train", Tools.example("simple_net").toString(), "--epochs", "0", "--seed", "3",
                "--save", p.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("no training (--epochs 0): initial loss ").contains("saved the initial parameters to " + p);
        Path again = tmp.resolve("again.safetensors");
        assertThat(Tools.gradus("train", Tools.example("simple_net").toString(), "--epochs", "0", "--seed", "3",
                "--save", again.toString()).status()).isZero();
        Map<String, Safetensors.Entry> a = Safetensors.read(p);
        Map<String, Safetensors.Entry> b = Safetensors.read(again);
        assertThat(a.keySet()).contains("W1", "b1", "W2", "b2");
        for (String name : a.keySet()) {
            assertThat(a.get(name).values()).as(name).isEqualTo(b.get(name).values());
        }
        Path other = tmp.resolve("other.safetensors");
        assertThat(Tools.gradus("train", Tools.example("simple_net").toString(), "--epochs", "0", "--seed", "4",
                "--save", other.toString()).status()).isZero();
        assertThat(Safetensors.read(other).get("W1").values()).isNotEqualTo(a.get("W1").values());
    }

    @Test
    void shuffleOnTheCommandLineOverridesTheTrainBlock() {
        String net = Tools.example("simple_net").toString(); // shuffle = false in its train block
        Tools.Result plain = Tools.gradus("train", net, "--epochs", "3", "--quiet");
        Tools.Result off = Tools.gradus("train", net, "--epochs", "3", "--quiet", "--shuffle", "false");
        Tools.Result on = Tools.gradus("train", net, "--epochs", "3", "--quiet", "--shuffle", "true", "--batch", "1");
        Tools.Result onPlain = Tools.gradus("train", net, "--epochs", "3", "--quiet", "--batch", "1");
        assertThat(finalLoss(off)).isEqualTo(finalLoss(plain));
        assertThat(finalLoss(on)).isNotEqualTo(finalLoss(onPlain));
    }

    @Test
    void anUnknownPredictInputIsNamedAndIsAUsageError() {
        Tools.Result r = Tools.gradus("train", Tools.example("simple_net").toString(), "--epochs", "1", "--predict", "z=2");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("gradus: error: --predict: 'z' is not an input of model SimpleNet (its inputs: x)\n"
                + "Try 'gradus train --help' for more information.\n");
    }

    @Test
    void predictWarnsOfColumnsThatLookLikeAnotherModelsInputs(@TempDir Path tmp) throws Exception {
        Path p = tmp.resolve("p.safetensors");
        String net = Tools.example("softmax_classifier").toString();
        assertThat(Tools.gradus("train", net, "--epochs", "0", "--save", p.toString()).status()).isZero();
        Path csv = tmp.resolve("in.csv");
        java.nio.file.Files.writeString(csv, "id,w[0],w[1],x[0],x[1],x[2],x[3],label\n7,1,2,0.1,0.2,0.3,0.4,1\n");
        Tools.Result r = Tools.gradus("predict", net, "--params", p.toString(), "--data", csv.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("gradus: warning: " + csv + ": columns w[0], w[1] look like another model's inputs;"
                + " model SoftmaxClassifier reads only x[0], x[1], x[2], x[3] (the other columns pass through to the output)\n");
        assertThat(r.out()).startsWith("id,w[0],w[1],label,logits[0]");
    }

    static String finalLoss(Tools.Result r) {
        assertThat(r.status()).as(r.err()).isZero();
        return r.out().replaceAll("(?s).*final loss (\\S+).*", "$1");
    }
}
