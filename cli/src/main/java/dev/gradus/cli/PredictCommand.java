package dev.gradus.cli;

import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.DataException;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Metrics;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "The output of trained parameters for every row of a CSV file (only the inputs are needed) or for one input given on the command line.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.net", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "the model, if the file has several")
    String model;

    @Option(names = "--params", required = true, paramLabel = "P.safetensors", description = "trained parameters (from train --save)")
    Path params;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", paramLabel = "IN.csv", description = "rows with the model's inputs; other columns (ids, targets) pass through to the output")
        Path data;

        @Option(names = "--at", paramLabel = "x=[0.1,0.2]", description = "one example's inputs, like x=5 or x=[0.1,0.2],y=3")
        String at;
    }

    @Option(names = "--out", paramLabel = "OUT.csv", description = "write the predictions here (default: print them)")
    Path out;

    @Option(names = "--precision", paramLabel = "float|double", defaultValue = "float", description = "element type of the generated trainer (default: float)")
    String precision;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Precision p = Options.precision(spec, precision);
        CheckedModel m = Models.choose(file, model);
        Trainer trainer = Trainers.compile(m, p, Math.max(1, m.train().batch()));
        TensorSpec output = trainer.output();
        if (output == null) {
            throw new CliException(file + ": model " + m.name() + " declares no output to predict");
        }
        trainer.load(params);
        Metrics.Target target = TargetKinds.of(m);
        boolean classes = target != null && target.kind() == Metrics.Kind.CLASS;
        List<String> header = new ArrayList<>();
        List<List<String>> passThrough = new ArrayList<>();
        DataSet examples;
        if (source.at != null) {
            examples = Trainers.example(trainer, source.at, "--at");
            passThrough.add(List.of());
        } else {
            examples = Trainers.data(trainer, source.data, false);
            readPassThrough(trainer, source.data, header, passThrough);
            warnOfForeignColumns(trainer, source.data, header);
        }
        StringBuilder s = new StringBuilder();
        List<String> columns = new ArrayList<>(header);
        trainer.outputs().forEach(o -> columns.addAll(List.of(o.columns()))); // every output, one after another
        if (classes) {
            columns.add("class");
        }
        s.append(String.join(",", columns)).append('\n');
        double[] y = new double[Trainer.outputSize(trainer)];
        double[] first = new double[output.size()];
        for (int e = 0; e < examples.size(); e++) {
            trainer.predict(examples, e, y);
            System.arraycopy(y, 0, first, 0, first.length);
            List<String> row = new ArrayList<>(passThrough.get(e));
            for (double v : y) {
                row.add(String.valueOf(v));
            }
            if (classes) {
                row.add(String.valueOf(Trainer.argmax(first)));
            }
            s.append(String.join(",", row)).append('\n');
        }
        PrintWriter w = spec.commandLine().getOut();
        if (out != null) {
            TrainCommand.writeAtomically(out, s.toString());
            w.println("wrote " + examples.size() + " predictions to " + out);
        } else {
            w.print(s);
        }
        w.flush();
        return 0;
    }

    /**
     * Warns when columns that pass through look like tensor elements ({@code w[0]}) of no input or
     * target of this model: the file was probably written for another model, and its columns merely
     * happen to include this one's.
     */
    private void warnOfForeignColumns(Trainer trainer, Path csv, List<String> passing) {
        Set<String> targets = new HashSet<>();
        trainer.targets().forEach(t -> targets.addAll(List.of(t.columns())));
        List<String> foreign = passing.stream().filter(c -> c.matches("[A-Za-z_][A-Za-z_0-9]*(\\[\\d+\\])+") && !targets.contains(c))
                .toList();
        if (!foreign.isEmpty()) {
            List<String> reads = new ArrayList<>();
            trainer.inputs().forEach(i -> reads.addAll(List.of(i.columns())));
            spec.commandLine().getErr().println("gradus: warning: " + csv + ": columns " + abbreviate(foreign)
                    + " look like another model's inputs; model " + trainer.modelName() + " reads only " + abbreviate(reads)
                    + " (the other columns pass through to the output)");
            spec.commandLine().getErr().flush();
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 4 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + ", ... (" + names.size() + ")";
    }

    /** The header cells and, per example row, the cells of the columns that are not model inputs, as written. */
    private static void readPassThrough(Trainer trainer, Path csv, List<String> header, List<List<String>> rows) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(csv + ": cannot read: " + e.getMessage());
        }
        Set<String> used = new HashSet<>();
        for (TensorSpec in : trainer.inputs()) {
            used.addAll(List.of(in.columns()));
        }
        List<String> names = split(lines.get(0).replace("\uFEFF", ""));
        List<Integer> keep = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            if (!used.contains(names.get(c).trim())) {
                keep.add(c);
                header.add(quote(names.get(c).trim()));
            }
        }
        for (int ln = 1; ln < lines.size(); ln++) {
            if (lines.get(ln).isBlank()) {
                continue;
            }
            List<String> cells = split(lines.get(ln));
            List<String> row = new ArrayList<>();
            for (int c : keep) {
                row.add(c < cells.size() ? quote(cells.get(c)) : "");
            }
            rows.add(row);
        }
    }

    /** The cells of one CSV line, as the data reader splits them: quotes group, and "" inside quotes is a quote. */
    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        cells.add(cur.toString());
        return cells;
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
