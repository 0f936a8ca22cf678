package dev.gradus.compiler.eval;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Init;
import dev.gradus.runtime.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters' initial values for a seed, drawn exactly as a generated trainer's
 * {@code initialize(seed)} draws them: parameters in declaration order, elements row-major.
 */
public final class InitialValues {
    private InitialValues() {}

    public static Map<String, double[]> of(CheckedModel model, long seed) {
        Rng rng = new Rng(seed);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (CheckedModel.Parameter p : model.params()) {
            Init init = p.init();
            double[] v = new double[p.node().shape().size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = switch (init.kind()) {
                    case CONSTANT -> init.a();
                    case LITERAL -> init.values()[k];
                    case UNIFORM -> rng.uniform(init.a(), init.b());
                    case NORMAL -> rng.normal(init.a(), init.b());
                };
            }
            out.put(p.name(), v);
        }
        return out;
    }
}
