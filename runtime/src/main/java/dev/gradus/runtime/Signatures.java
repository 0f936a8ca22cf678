package dev.gradus.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The schedules' argument names (PyTorch's) and defaults; null marks a required argument. */
final class Signatures {
    private Signatures() {}

    static final Map<String, Map<String, Double>> ALL = all();

    private static Map<String, Map<String, Double>> all() {
        Map<String, Map<String, Double>> s = new LinkedHashMap<>();
        s.put("step", args("step_size", null, "gamma", 0.1));
        s.put("multistep", args("gamma", 0.1));
        s.put("exponential", args("gamma", null));
        s.put("cosine", args("T_max", null, "eta_min", 0.0));
        s.put("linear", args("start_factor", 1.0 / 3, "end_factor", 1.0, "total_iters", 5.0));
        s.put("one_cycle", args("max_lr", null, "pct_start", 0.3, "div_factor", 25.0, "final_div_factor", 1e4,
                "anneal_strategy", Double.NaN));
        s.put("plateau", args("factor", 0.1, "patience", 10.0, "threshold", 1e-4, "threshold_mode", Double.NaN,
                "cooldown", 0.0, "min_lr", 0.0, "eps", 1e-8));
        return Collections.unmodifiableMap(s);
    }

    private static Map<String, Double> args(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
