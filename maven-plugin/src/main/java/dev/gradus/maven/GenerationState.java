package dev.gradus.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the last run of one goal execution generated, kept under {@code target/maven-status/gradus}:
 * for each {@code .net} file (relative to the source folder) the key of its inputs and, for each of
 * its models, where the model is declared and which generated file holds it. Lets a run skip
 * unchanged files, find duplicate model names across files, and delete the classes of files that are gone.
 */
final class GenerationState {
    private static final String HEADER = "# gradus generation state 1";

    /** A model declared at line:column of a .net file, generated into {@code output} (relative to the output folder). */
    record Model(String name, int line, int column, String output) {}

    /** A .net file's key (its content, package and settings) and its models. */
    record Entry(String key, List<Model> models) {}

    private final Map<String, Entry> entries;

    GenerationState(Map<String, Entry> entries) {
        this.entries = entries;
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** The state saved at {@code file}, or an empty one if there is none or it cannot be read. */
    static GenerationState load(Path file) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return new GenerationState(entries);
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                return new GenerationState(new LinkedHashMap<>());
            }
            List<Model> models = null;
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("source") && f.length == 3) {
                    models = new ArrayList<>();
                    entries.put(f[1], new Entry(f[2], models));
                } else if (f[0].equals("model") && f.length == 5 && models != null) {
                    models.add(new Model(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]));
                } else {
                    return new GenerationState(new LinkedHashMap<>()); // not ours: start afresh
                }
            }
        } catch (IOException | RuntimeException e) {
            return new GenerationState(new LinkedHashMap<>());
        }
        return new GenerationState(entries);
    }

    /** Writes the state atomically (a temporary file moved into place). */
    void save(Path file) throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        entries.forEach((source, entry) -> {
            out.append("source\t").append(source).append('\t').append(entry.key()).append('\n');
            for (Model m : entry.models()) {
                out.append("model\t").append(m.name()).append('\t').append(m.line()).append('\t').append(m.column())
                        .append('\t').append(m.output()).append('\n');
            }
        });
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, out, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
