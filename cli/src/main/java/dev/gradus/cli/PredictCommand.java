package dev.gradus.cli;

import dev.gradus.compiler.emit.Precision;
import dev.gradus.compiler.ir.CheckedModel;
import dev.gradus.runtime.Csv;
import dev.gradus.runtime.DataException;
import dev.gradus.runtime.DataSet;
import dev.gradus.runtime.Metrics;
import dev.gradus.runtime.TensorSpec;
import dev.gradus.runtime.Trainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

        @Option(names = "--at", paramLabel = "x=[0.1,0.2]", description = "one example's inputs, each named: x=5, or x=[0.1,0.2],z=3 for a model whose inputs are x and z")
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
        Preflight.oneStdin(spec, Preflight.named("--params", params), Preflight.named("--data", source.data));
        Preflight.noOverwrite(spec, List.of(Preflight.named("--out", out)), List.of(Preflight.named("FILE.net", file),
                Preflight.named("--params", params), Preflight.named("--data", source.data)));
        Preflight.check(spec, "--out", out, null, null);
        CheckedModel m = Models.choose(file, model);
        Map<String, double[]> at = source.at == null ? null : Trainers.inputs(spec, m, "--at", source.at);
        Trainer trainer = Trainers.compile(m, p, Math.max(1, m.train().batch()));
        TensorSpec output = trainer.output();
        if (output == null) {
            throw new CliException(file + ": model " + m.name() + " declares no output to predict");
        }
        trainer.load(Std.in(params));
        Metrics.Target target = TargetKinds.of(m);
        boolean classes = target != null && target.kind() == Metrics.Kind.CLASS;
        List<String> header = new ArrayList<>();
        List<List<String>> passThrough = new ArrayList<>();
        DataSet examples;
        if (source.at != null) {
            examples = Trainers.example(trainer, at);
            passThrough.add(List.of());
        } else {
            byte[] bytes = readOnce(source.data);
            String name = Std.dash(source.data) ? Std.STDIN_NAME : source.data.toString();
            examples = Csv.read(name, new ByteArrayInputStream(bytes), trainer.inputs());
            readPassThrough(trainer, bytes, header, passThrough);
            warnOfForeignColumns(trainer, name, header);
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
            NonFinite.check(source.at != null ? "--at" : String.valueOf(source.data), e, y);
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
        if (out != null && !Std.dash(out)) {
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
    private void warnOfForeignColumns(Trainer trainer, String csv, List<String> passing) {
        Set<String> targets = new HashSet<>();
        trainer.targets().forEach(t -> targets.addAll(List.of(t.columns())));
        List<String> foreign = passing.stream().filter(c -> c.matches("[\\p{L}_][\\p{L}\\p{Nd}_]*(\\[\\d+\\])+") && !targets.contains(c))
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

    /**
     * The data file's bytes, read once (standard input for {@code -}; a named pipe or /dev/stdin can
     * be read only once), for both the examples and the pass-through columns.
     */
    private static byte[] readOnce(Path csv) {
        try {
            if (Std.dash(csv)) {
                return System.in.readAllBytes();
            }
            if (Files.isDirectory(csv)) {
                throw new DataException(csv + ": cannot read: it is a folder");
            }
            return Files.readAllBytes(csv);
        } catch (NoSuchFileException e) {
            throw new DataException(csv + ": no such file");
        } catch (IOException e) {
            throw new DataException(csv + ": cannot read: " + e.getMessage());
        }
    }

    /** The header cells and, per example row, the cells of the columns that are not model inputs, as written. */
    private static void readPassThrough(Trainer trainer, byte[] bytes, List<String> header, List<List<String>> rows) {
        String text = new String(bytes, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<List<String>> records = records(text);
        Set<String> used = new HashSet<>();
        for (TensorSpec in : trainer.inputs()) {
            used.addAll(List.of(in.columns()));
        }
        List<String> names = records.get(0);
        List<Integer> keep = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            if (!used.contains(names.get(c).trim())) {
                keep.add(c);
                header.add(quote(names.get(c).trim()));
            }
        }
        for (List<String> cells : records.subList(1, records.size())) {
            List<String> row = new ArrayList<>();
            for (int c : keep) {
                row.add(c < cells.size() ? quote(cells.get(c)) : "");
            }
            rows.add(row);
        }
    }

    /**
     * The records of CSV text as the data reader reads them (RFC 4180): quotes group, {@code ""} inside
     * quotes is a quote, a quoted cell may hold line ends, lines end with LF, CR LF or CR, and blank
     * lines are skipped.
     */
    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean content = false;
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : '\n';
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                content = true;
            } else if (ch == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
                content = true;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cur.toString());
                cur.setLength(0);
                if (content || !cells.get(0).isBlank()) {
                    records.add(cells);
                }
                cells = new ArrayList<>();
                content = false;
            } else {
                cur.append(ch);
            }
        }
        return records;
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
