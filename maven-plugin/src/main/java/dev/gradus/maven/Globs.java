package dev.gradus.maven;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/** Include and exclude globs relative to the source folder ({@code **}{@code /*.net} also matches a file at its top). */
final class Globs {
    private final List<PathMatcher> includes;
    private final List<PathMatcher> excludes;

    Globs(List<String> includes, List<String> excludes) {
        this.includes = compile(includes);
        this.excludes = compile(excludes);
    }

    boolean matches(Path relative) {
        return includes.stream().anyMatch(m -> m.matches(relative)) && excludes.stream().noneMatch(m -> m.matches(relative));
    }

    private static List<PathMatcher> compile(List<String> globs) {
        return globs.stream().flatMap(g -> g.startsWith("**/") ? List.of(g, g.substring(3)).stream() : List.of(g).stream())
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    }
}
