package dev.gradus.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gradus.compiler.Frontend;
import dev.gradus.compiler.diag.CompileException;
import dev.gradus.compiler.diag.Source;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OptimizerConfig#problem(String, String, double)} is the one rule for optimizer settings:
 * the command line calls it, and a train block's message for the same value is the same words.
 */
class OptimizerConfigProblemTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sgd|lr|-1|sgd's lr must not be negative, found -1",
        "sgd|momentum|-0.5|sgd's momentum must not be negative, found -0.5",
        "adam|beta1|1.5|adam's beta1 must be in [0, 1), found 1.5",
        "adam|beta2|1|adam's beta2 must be in [0, 1), found 1",
        "adamw|eps|-1e-8|adamw's eps must not be negative, found -1e-8",
        "rmsprop|alpha|-2|rmsprop's alpha must not be negative, found -2",
        "adam|lr|NaN|adam's lr must be a finite number, found NaN",
        "sgd|lr|Infinity|sgd's lr must be a finite number, found Infinity",
        "sgd|nesterov|2|sgd's nesterov must be true or false"})
    void refusesWhatTorchOptimRefuses(String optimizer, String key, double value, String message) {
        assertThat(OptimizerConfig.problem(optimizer, key, value)).isEqualTo(message);
        OptimizerConfig config = new OptimizerConfig(optimizer, new java.util.LinkedHashMap<>(OptimizerConfig.SIGNATURES.get(optimizer)));
        config.hyper().put("lr", 0.1);
        config.hyper().put(key, value);
        assertThat(config.problem()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"sgd|lr|0", "adam|beta1|0", "adam|beta2|0.999999", "rmsprop|weight_decay|10", "sgd|nesterov|1"})
    void acceptsWhatTorchOptimAccepts(String optimizer, String key, double value) {
        assertThat(OptimizerConfig.problem(optimizer, key, value)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"sgd|lr|-1", "sgd|momentum|-0.5", "adam|beta1|1.5", "adam|beta2|1", "rmsprop|alpha|-2"})
    void aTrainBlockSaysTheSameWords(String optimizer, String key, String value) {
        String text = "model M {\n  input x\n  target y\n  param w\n  loss = (w * x - y) ** 2\n  train { optimizer = " + optimizer + "("
                + (key.equals("lr") ? "" : "lr = 0.1, ") + key + " = " + value + ") }\n}\n";
        CompileException e = catchThrowableOfType(CompileException.class, () -> Frontend.check(new Source("m.net", text)));
        assertThat(e).isNotNull();
        List<String> messages = e.diagnostics().stream().map(d -> d.message()).toList();
        assertThat(messages).containsExactly(OptimizerConfig.problem(optimizer, key, Double.parseDouble(value)));
    }

    /** An optimizer prints as a .net file writes it (the train line, generated comments): 0.0001, not Java's 1.0E-4. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.01|sgd(lr = 0.01)", "0.0001|sgd(lr = 0.0001)", "1000000|sgd(lr = 1000000)", "1e30|sgd(lr = 1e30)",
        "2.5e-12|sgd(lr = 2.5e-12)", "0.123456789|sgd(lr = 0.123456789)", "0.00001|sgd(lr = 1e-5)"})
    void printsTheLearningRateAsASourceFileWritesIt(double lr, String printed) {
        assertThat(OptimizerConfig.defaultSgd().withLr(lr)).hasToString(printed);
    }
}
