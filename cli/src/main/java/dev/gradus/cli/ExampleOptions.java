package dev.gradus.cli;

import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.compiler.ir.Node;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** One example for explain, graph and report: a row of a CSV file, and/or values given on the command line. */
final class ExampleOptions {
    @Option(names = "--at", paramLabel = "x=1,y=2,w=1",
            description = "values of inputs, targets and parameters (over those of --data); parameters not given start as the trainer starts them")
    String at;

    @Option(names = "--data", paramLabel = "CSV", description = "take the example from this data file (the model's input and target columns)")
    Path data;

    @Option(names = "--example", paramLabel = "N",
            description = "which row of --data, from 0 (default 0); alone, a row of the train block's data")
    Integer example;

    boolean given() {
        return at != null || data != null || example != null;
    }

    /**
     * The example's values by name, or null where none of --at, --data and --example was given; --example alone takes
     * its row from the train block's data, as eval takes that data when --data is left out.
     */
    Map<String, double[]> values(CommandSpec spec, CheckedModel model, Path netFile) {
        if (!given()) {
            return null;
        }
        Path data = this.data != null || example == null ? this.data : Trainers.dataPath(netFile, model, null);
        int example = this.example == null ? 0 : this.example;
        Map<String, double[]> given = null;
        if (at != null) {
            try {
                given = Assignments.any(model, Assignments.parse(spec, "--at", at));
            } catch (IllegalArgumentException e) {
                throw Assignments.usage(spec, "--at", e);
            }
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        if (data != null) {
            List<TensorSpec> fields = new ArrayList<>();
            for (Node.Input f : model.fields()) {
                fields.add(new TensorSpec(f.name(), f.shape().dims().stream().mapToInt(Integer::intValue).toArray(), f.classes()));
            }
            DataSet set = Std.csv(data, fields);
            if (example < 0 || example >= set.size()) {
                throw new UsageException(data + " has examples 0.." + (set.size() - 1) + "; --example " + example + " is not one of them");
            }
            for (TensorSpec f : fields) {
                values.put(f.name(), set.rows(f.name())[example].clone());
            }
        }
        if (given != null) {
            values.putAll(given);
        }
        return values;
    }
}
