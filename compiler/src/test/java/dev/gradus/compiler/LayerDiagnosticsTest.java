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
}
