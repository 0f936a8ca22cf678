package dev.gradus.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layers beyond the MLP train allocation-free too: an attention block with softmax along rows,
 * layer norm and flatten, an embedding classifier with vector and scalar class inputs, a conv1d model and a small CNN (the
 * PyTorch reference cases of make_layer_refs.py), in both precisions, 10,000 steps allocate 0 bytes.
 */
class LayerAllocationTest {

    @ParameterizedTest
    @ValueSource(strings = {"attention_layers", "embedding_classifier", "layer_norm_vector", "cnn_layers", "conv1d_layers"})
    void aStepOfTheLayersAllocatesNothing(String name) throws IOException {
        Path dir = Path.of("src/test/resources/reference").resolve(name);
        Path net = dir.resolve("model.net");
        CheckedModel model = Frontend.check(new Source(net.toString(), Files.readString(net))).get(0);
        for (Precision precision : Precision.values()) {
            Trainer t = TrainerLoader.load(Compiler.emit(model, "test.layers", precision), 4);
            List<TensorSpec> fields = new ArrayList<>(t.inputs());
            fields.addAll(t.targets());
            DataSet data = Csv.read(dir.resolve("data.csv"), fields);
            int[] order = new int[data.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = order.length - 1 - i;
            }
            for (int i = 0; i < 20_000; i++) {
                t.step(data, order, i % 2, 4);
            }
            long allocated = Allocations.ofSteps(10_000, i -> t.step(data, order, i % 2, 4));
            assertThat(allocated).as("%s (%s): bytes allocated by 10,000 steps", name, precision).isEqualTo(0L);
        }
    }
}
