package dev.gradus.maven;

import dev.gradus.compiler.Compiler;
import dev.gradus.compiler.GeneratedAnnotation;
import dev.gradus.compiler.emit.Precision;
import dev.gradus.runtime.Version;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** What generated code depends on besides a .net file's text: the settings and the compiler build itself. */
final class Fingerprint {
    private Fingerprint() {}

    static String of(Precision precision, Charset charset, GeneratedAnnotation annotation) {
        return precision + "|" + charset.name() + "|" + annotation + "|" + Version.current() + "|" + compilerBuild();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Sizes and times of the compiler's jar or class folder, so a rebuilt SNAPSHOT compiler regenerates everything. */
    private static String compilerBuild() {
        try {
            Path compiler = Path.of(Compiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            long stamp;
            try (Stream<Path> walk = Files.walk(compiler)) {
                stamp = walk.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.getLastModifiedTime(p).toMillis() ^ Files.size(p);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            }
            return Long.toHexString(stamp);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }
}
