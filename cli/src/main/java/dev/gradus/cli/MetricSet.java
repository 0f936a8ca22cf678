package dev.gradus.cli;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Metrics;
import dev.gradus.runtime.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics a run reports: every output's usual ones ({@link TargetKinds}), or those the
 * train block's {@code metrics = [...]} or {@code --metrics} chose, each of the first output
 * ({@code accuracy}) or of a named one ({@code mae(recon)}); {@code none} chooses none.
 */
record MetricSet(List<Metrics.Target> targets) {

    static final MetricSet NONE = new MetricSet(List.of());

    /** The metrics --metrics names (a mistake there is a usage error), else the train block's. */
    static MetricSet of(CheckedModel m, List<String> option, List<String> block) {
        if (option == null) {
            return of(m, block);
        }
        try {
            return of(m, option);
        } catch (CliException e) {
            throw new UsageException("--metrics: " + e.getMessage());
        }
    }

    /** The metrics of {@code m}: {@code chosen} (from --metrics or the train block) if not empty, else the usual ones. */
    static MetricSet of(CheckedModel m, List<String> chosen) {
        if (chosen.isEmpty()) {
            return usual(m);
        }
        if (chosen.equals(List.of("none"))) {
            return NONE;
        }
        Map<String, List<String>> byOutput = new LinkedHashMap<>(); // output name -> metrics, in the order asked
        Map<String, String> suffix = new LinkedHashMap<>();
        for (String c : chosen) {
            int open = c.indexOf('(');
            String metric = open < 0 ? c.trim() : c.substring(0, open).trim();
            if (!Metrics.NAMES.contains(metric)) {
                throw new CliException("unknown metric '" + metric + "'; metrics are " + String.join(", ", Metrics.NAMES)
                        + ", alone (of the first output) or of an output, like mae(recon)"
                        + dev.gradus.compiler.diag.Suggestions.suggestion(metric, Metrics.NAMES));
            }
            String output = open < 0 ? m.outputName() : c.substring(open + 1, c.endsWith(")") ? c.length() - 1 : c.length()).trim();
            if (output == null) {
                throw new CliException("metric '" + c + "': model " + m.name() + " declares no output");
            }
            if (!m.outputNames().contains(output)) {
                throw new CliException("metric '" + c + "': '" + output + "' is not an output of model " + m.name()
                        + " (its outputs: " + String.join(", ", m.outputNames()) + ")");
            }
            String key = output + (open < 0 ? "" : "()");
            suffix.put(key, open < 0 ? "" : "(" + output + ")");
            byOutput.computeIfAbsent(key, k -> new ArrayList<>()).add(metric);
        }
        List<Metrics.Target> targets = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byOutput.entrySet()) {
            String output = e.getKey().replace("()", "");
            List<String> metrics = e.getValue();
            List<String> accuracy = metrics.stream().filter(x -> x.equals("accuracy")).toList();
            List<String> regression = metrics.stream().filter(x -> !x.equals("accuracy")).toList();
            if (!accuracy.isEmpty()) {
                targets.add(target(m, output, true, accuracy, suffix.get(e.getKey())));
            }
            if (!regression.isEmpty()) {
                targets.add(target(m, output, false, regression, suffix.get(e.getKey())));
            }
        }
        return new MetricSet(List.copyOf(targets));
    }

    /**
     * Every output's usual metrics ({@link TargetKinds}), in the order of {@code output}: the first
     * output's named alone ({@code accuracy}), the others' after their output ({@code mae(recon)}),
     * as {@code --metrics} would choose them; an output no target fits has none.
     */
    static MetricSet usual(CheckedModel m) {
        List<Metrics.Target> targets = new ArrayList<>();
        int offset = 0;
        for (int k = 0; k < m.outputs().size(); k++) {
            Node node = m.outputs().get(k);
            Metrics.Target usual = TargetKinds.of(m, node);
            if (usual != null) {
                targets.add(new Metrics.Target(usual.kind(), usual.name(), usual.threshold(), offset, node.shape().size(),
                        k == 0 ? "" : "(" + m.outputNames().get(k) + ")", List.of()));
            }
            offset += node.shape().size();
        }
        return new MetricSet(List.copyOf(targets));
    }

    /** The target one output's metrics compare it with: the one its usual metrics use, else one of its size. */
    private static Metrics.Target target(CheckedModel m, String output, boolean accuracy, List<String> metrics, String suffix) {
        int index = m.outputNames().indexOf(output);
        Node node = m.outputs().get(index);
        int offset = 0;
        for (int k = 0; k < index; k++) {
            offset += m.outputs().get(k).shape().size();
        }
        int size = node.shape().size();
        Metrics.Target usual = TargetKinds.of(m, node);
        Metrics.Kind kind;
        String target;
        double threshold = 0.5;
        if (usual != null && (usual.kind() == Metrics.Kind.REGRESSION) != accuracy) {
            kind = usual.kind();
            target = usual.name();
            threshold = usual.threshold();
        } else {
            Node.Input t = m.targets().stream().filter(x -> accuracy && x.isClass() && x.classes() == size).findFirst()
                    .or(() -> m.targets().stream().filter(x -> !x.isClass() && x.shape().size() == size).findFirst()).orElse(null);
            if (t == null) {
                throw new CliException("metric " + String.join(", ", metrics) + " of output '" + output + "': model " + m.name()
                        + " has no target " + (accuracy ? "of classes or values" : "of values") + " the size of " + output + " (" + size + ")");
            }
            target = t.name();
            kind = t.isClass() ? Metrics.Kind.CLASS : accuracy ? Metrics.Kind.BINARY : Metrics.Kind.REGRESSION;
        }
        return new Metrics.Target(kind, target, threshold, offset, size, suffix, metrics);
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /** Every chosen metric on {@code data}, in order. */
    Map<String, Double> compute(Trainer trainer, DataSet data) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metrics.Target t : targets) {
            out.putAll(Metrics.compute(trainer, data, t));
        }
        return out;
    }

    /** The first class target scored (for a confusion matrix), or null. */
    Metrics.Target classTarget() {
        return targets.stream().filter(t -> t.kind() == Metrics.Kind.CLASS).findFirst().orElse(null);
    }
}
