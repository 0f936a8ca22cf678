package dev.gradus.compiler;

import dev.gradus.runtime.Trainer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Compiled trainers kept between runs, so a repeated {@code gradus train} of an unchanged model
 * skips javac. An entry is a zip of the trainer's class files named by the SHA-256 of everything
 * that decides its bytes: the generated source (which spells out the precision), the javac options,
 * the Java version, and the Gradus runtime it was compiled against (its version and the size and
 * time of its jar or class files, so a rebuilt runtime never meets stale trainers). Entries are
 * written to a temporary file and moved into place atomically, so concurrent runs never see half an
 * entry; an entry that cannot be read is ignored and rebuilt.
 * <p>
 * Where: {@code -Dgradus.cache=DIR}, else {@code $GRADUS_CACHE_DIR}, else
 * {@code $XDG_CACHE_HOME/gradus}, else {@code ~/.cache/gradus}, in a {@code trainers} folder;
 * {@code -Dgradus.cache=off} turns the cache off.
 */
public final class TrainerCache {
    /** The system property that moves or ({@code off}) disables the cache. */
    public static final String PROPERTY = "gradus.cache";
    private static final String FORMAT = "gradus-trainer-cache 1";

    private final Path dir;

    private TrainerCache(Path dir) {
        this.dir = dir;
    }

    /** The cache in {@code dir}'s {@code trainers} folder. */
    public static TrainerCache in(Path dir) {
        return new TrainerCache(dir.resolve("trainers"));
    }

    /** The user's cache (see the class comment), or null when it is turned off or there is no home. */
    public static TrainerCache standard() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.equals("off") ? null : in(Path.of(property));
        }
        String own = System.getenv("GRADUS_CACHE_DIR");
        if (own != null && !own.isBlank()) {
            return in(Path.of(own));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return in(Path.of(xdg, "gradus"));
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? null : in(Path.of(home, ".cache", "gradus"));
    }

    /** The entry's name for a source compiled with {@code options}. */
    static String key(String source, Iterable<String> options) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder s = new StringBuilder(FORMAT).append('\n').append(Runtime.version()).append('\n')
                    .append(Fingerprint.RUNTIME).append('\n');
            for (String o : options) {
                s.append(o).append(' ');
            }
            sha.update(s.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** The compiled classes stored under {@code key}, or null if there are none or they cannot be read. */
    Map<String, byte[]> get(String key) {
        Path file = dir.resolve(key + ".zip");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, byte[]> classes = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                classes.put(e.getName(), zip.readAllBytes()); // reading an entry to its end checks its CRC
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return classes.isEmpty() ? null : classes;
    }

    /** Stores {@code classes} under {@code key}; a cache that cannot be written is skipped silently. */
    void put(String key, Map<String, byte[]> classes) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, key, ".tmp");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                    zip.putNextEntry(new ZipEntry(c.getKey()));
                    zip.write(c.getValue());
                    zip.closeEntry();
                }
            }
            Files.move(tmp, dir.resolve(key + ".zip"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            // a read-only or full disk costs only the next run's compilation
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // nothing more to do
                }
            }
        }
    }

    /** Removes a bad entry, so the next run does not read it again. */
    void remove(String key) {
        try {
            Files.deleteIfExists(dir.resolve(key + ".zip"));
        } catch (IOException e) {
            // the next put replaces it anyway
        }
    }

    /** The folder the entries are in. */
    public Path directory() {
        return dir;
    }

    /** Computed once per process: the runtime does not change under a running JVM. */
    private static final class Fingerprint {
        static final String RUNTIME = runtimeFingerprint();
    }

    private static String runtimeFingerprint() {
        String version = String.valueOf(Trainer.class.getPackage().getImplementationVersion());
        try {
            Path where = Path.of(Trainer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(where)) {
                return version + " " + where + " " + Files.size(where) + " " + Files.getLastModifiedTime(where).toMillis();
            }
            long sum = 0;
            try (Stream<Path> files = Files.walk(where)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    sum += (p.toString().hashCode() * 31L + Files.size(p)) * 1_000_003L + Files.getLastModifiedTime(p).toMillis();
                }
            }
            return version + " " + where + " " + sum;
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return version + " unknown " + System.nanoTime(); // never matches: no cache rather than a stale one
        }
    }
}
