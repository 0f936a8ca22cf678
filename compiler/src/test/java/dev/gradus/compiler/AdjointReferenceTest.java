package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.eval.Evaluator;
import dev.gradus.compiler.eval.Tensor;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.compiler.ir.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The derivative functions {@code grad} prints, called in a model ({@code conv_transpose2d(g, K, stride = 2,
 * padding = 1, output_padding = [1, 0])}, {@code correlate2d}, the pools' {@code _grad}, {@code embedding_grad},
 * sums along the axes of a rank-4 tensor), against PyTorch's float64 values of the same calls
 * ({@code F.conv_transpose2d}, autograd of {@code F.conv2d}, ...), made by
 * {@code src/test/python/make_adjoint_refs.py} into {@code reference/adjoints.json}.
 */
class AdjointReferenceTest {

    @TestFactory
    Stream<DynamicTest> everyDerivativeFunctionHasPyTorchsValue() throws IOException {
        JsonNode root;
        try (var in = AdjointReferenceTest.class.getResourceAsStream("/reference/adjoints.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("expr").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c) {
        StringBuilder decls = new StringBuilder();
        Map<String, double[]> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("params").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> p = it.next();
            List<String> dims = new ArrayList<>();
            p.getValue().get("shape").forEach(d -> dims.add(d.asText()));
            JsonNode classes = c.get("classes").get(p.getKey());
            decls.append(classes != null ? "    input " : "    param ").append(p.getKey()).append(dims).append(classes != null ? " : class("
                    + classes.asInt() + ")" : "").append('\n');
            double[] v = new double[p.getValue().get("values").size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = p.getValue().get("values").get(i).asDouble();
            }
            values.put(p.getKey(), v);
        }
        String source = "model A {\n" + decls + "    e = " + c.get("expr").asText() + "\n    loss = sum(e)\n}\n";
        CheckedModel model = Frontend.check(new Source("a.net", source)).get(0);
        Map<Node, Tensor> leaves = new HashMap<>();
        for (Node.Input in : model.fields()) {
            leaves.put(in, new Tensor(in.shape(), values.get(in.name())));
        }
        for (Node.Param p : model.paramNodes()) {
            leaves.put(p, new Tensor(p.shape(), values.get(p.name())));
        }
        Node e = model.values().get("e");
        List<Integer> shape = new ArrayList<>();
        c.get("shape").forEach(d -> shape.add(d.asInt()));
        assertThat(e.shape()).as(source).isEqualTo(Shape.of(shape));
        double[] got = new Evaluator(leaves).eval(e).data();
        JsonNode want = c.get("expected");
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).as("%s [%d]", c.get("expr").asText(), i)
                    .isCloseTo(want.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(want.get(i).asDouble()))));
        }
    }
}
