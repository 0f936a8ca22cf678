package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gradus.compiler.diag.Source;
import org.junit.jupiter.api.Test;

/** A bad shape for one of the layers is a FILE:LINE:COL error at the call that names the sizes. */
class LayerDiagnosticsTest {

    @Test
    void aReshapeToAnotherNumberOfElementsIsAnErrorAtTheCallNamingBothSizes() {
        String source = "model R {\n    input x[2, 3]\n    e = reshape(x, [4, 2])\n    loss = sum(e)\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("r.net", source))))
                .hasMessageContaining("r.net:3:9: error: reshape(x, [4, 2]): cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)");
        String list = "model L {\n    input x[2]\n    loss = sum(x * [1, 2])\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("l.net", list))))
                .hasMessageContaining("l.net:3:20: error: a list such as [1, 2] is only the shape argument of reshape");
    }

    @Test
    void layerNormAndAxisFunctionsNameTheSizesTheyExpected() {
        String ln = "model N {\n    input x[2, 3]\n    param g[4]\n    param b[3]\n    loss = sum(layer_norm(x, g, b))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("n.net", ln))))
                .hasMessageContaining("n.net:5:16: error: layer_norm(x, g, b): g and b must have shape [3] (the last axis of x [2, 3]), found g [4] and b [3]");
        String sm = "model S {\n    input x[3]\n    loss = sum(softmax(x, 1))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("s.net", sm))))
                .hasMessageContaining("s.net:3:16: error: softmax(x, 1): axis must be 0 for shape [3], found 1");
    }

    @Test
    void embeddingNeedsAClassInputWithOneClassPerRow() {
        String real = "model E {\n    input x[4]\n    param E[6, 3]\n    loss = sum(embedding(E, x))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("e.net", real))))
                .hasMessageContaining("e.net:4:16: error: embedding(E, x): the index must be a class input (input i : class(V)), found a value of shape [4]");
        String rows = "model E {\n    input t[4] : class(7)\n    param E[6, 3]\n    loss = sum(embedding(E, t))\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("e.net", rows))))
                .hasMessageContaining("e.net:4:16: error: embedding(E, t): E has 6 rows but 't' has 7 classes");
        String misuse = "model E {\n    input t[4] : class(6)\n    loss = sum(t)\n}\n";
        assertThat(catchThrowable(() -> Frontend.check(new Source("e.net", misuse))))
                .hasMessageContaining("e.net:3:16: error: 't' is a class input (integer indices); it can only be the index of embedding(E, t)");
    }

    private static String error(String name, String source) {
        return catchThrowable(() -> Frontend.check(new Source(name, source))).getMessage();
    }

    @Test
    void convolutionsAndPoolsNameTheSizesThatDoNotFit() {
        String channels = "model C {\n    input x[3, 8, 8]\n    param K[4, 2, 3, 3]\n    loss = sum(conv2d(x, K))\n}\n";
        assertThat(error("c.net", channels)).contains(
                "c.net:4:16: error: conv2d(x, K): the kernel [4, 2, 3, 3] takes 2 input channels but the input [3, 8, 8] has 3");
        String bias = "model C {\n    input x[2, 9]\n    param K[4, 2, 3]\n    param b[3]\n    loss = sum(conv1d(x, K, b))\n}\n";
        assertThat(error("c.net", bias)).contains(
                "c.net:5:16: error: conv1d(x, K, b): the bias must have shape [4] (one per output channel of the kernel [4, 2, 3]), found [3]");
        String big = "model C {\n    input x[1, 2, 2]\n    param K[1, 1, 3, 3]\n    loss = sum(conv2d(x, K))\n}\n";
        assertThat(error("c.net", big)).contains("c.net:4:16: error: conv2d(x, K): the kernel [1, 1, 3, 3] is larger than the input [1, 2, 2]");
        String window = "model P {\n    input x[4, 2, 2]\n    loss = sum(max_pool2d(x, 3))\n}\n";
        assertThat(error("p.net", window)).contains(
                "p.net:3:16: error: max_pool2d(x, 3): a window of 3x3 is larger than the input [4, 2, 2] (2x2)");
        String rank = "model P {\n    input x[10]\n    loss = sum(avg_pool1d(x, 2))\n}\n";
        assertThat(error("p.net", rank)).contains("p.net:3:16: error: avg_pool1d(x, 2): avg_pool1d needs an input [C, L], found [10]");
        String stride = "model P {\n    input x[2, 10]\n    param K[1, 2, 3]\n    loss = sum(conv1d(x, K, stride = 0))\n}\n";
        assertThat(error("p.net", stride)).contains("p.net:4:16: error: conv1d(x, K, stride = 0): stride must be an integer of at least 1, found 0");
        String five = "model F {\n    input x[1, 2, 3, 4, 5]\n    loss = sum(x)\n}\n";
        assertThat(error("f.net", five)).contains("f.net:2:25: error: shapes have at most 4 dimensions, found 5");
    }
}
