package dev.gradus.spark;

import dev.gradus.runtime.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The runner's files: a plain path is a file on the driver; a URI with a scheme ({@code hdfs://},
 * {@code s3a://}, {@code file:/}) is read and written through Hadoop's file systems, with the
 * Hadoop configuration spark-submit puts on the class path, so a driver in a cluster container can
 * read its {@code .net} file and save its results where they outlive it.
 */
final class HadoopFiles {
    private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

    private HadoopFiles() {}

    static boolean isUri(String name) {
        return URI.matcher(name).matches();
    }

    static String read(String name) {
        try {
            if (!isUri(name)) {
                return Files.readString(java.nio.file.Path.of(name), StandardCharsets.UTF_8);
            }
            Path p = new Path(name);
            try (InputStream in = p.getFileSystem(new Configuration()).open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new RunnerException(name + ": no such file");
        } catch (IOException e) {
            throw new RunnerException(name + ": cannot read: " + e.getMessage());
        }
    }

    /** {@code relative} resolved against the folder of {@code file}. */
    static String sibling(String file, String relative) {
        if (!isUri(file)) {
            return java.nio.file.Path.of(file).toAbsolutePath().getParent().resolve(relative).normalize().toString();
        }
        return new Path(new Path(file).getParent(), relative).toString();
    }

    /** Checks, before training, that {@code name} could be written: its folder exists and it is not a folder. */
    static void checkWritable(String name) {
        if (!isUri(name)) {
            OutputFiles.checkWritable(java.nio.file.Path.of(name));
            return;
        }
        Path p = new Path(name);
        try {
            FileSystem fs = p.getFileSystem(new Configuration());
            if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
                throw new RunnerException(name + ": cannot save: it is a folder");
            }
            FileStatus dir = fs.exists(p.getParent()) ? fs.getFileStatus(p.getParent()) : null;
            if (dir == null || !dir.isDirectory()) {
                throw new RunnerException(name + ": cannot save: the folder " + p.getParent() + " does not exist");
            }
        } catch (IOException e) {
            throw new RunnerException(name + ": cannot save: " + e.getMessage());
        }
    }

    /** Something that writes a local file atomically (as {@link OutputFiles} does). */
    interface LocalWrite {
        void to(java.nio.file.Path file);
    }

    /**
     * Writes {@code name}: a plain path directly; a URI through a local temporary file copied next to
     * the target under a temporary name and renamed over it, so a failed save leaves no partial file.
     */
    static void write(String name, LocalWrite write) {
        if (!isUri(name)) {
            write.to(java.nio.file.Path.of(name));
            return;
        }
        java.nio.file.Path local = null;
        Path target = new Path(name);
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            local = Files.createTempFile("gradus-spark", ".out");
            write.to(local);
            FileSystem fs = target.getFileSystem(new Configuration());
            try {
                fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
                if (fs.exists(target)) {
                    fs.delete(target, false);
                }
                if (!fs.rename(tmp, target)) {
                    throw new IOException("cannot rename " + tmp + " to " + target);
                }
            } finally {
                fs.delete(tmp, false);
            }
        } catch (IOException e) {
            throw new RunnerException(name + ": cannot save: " + e.getMessage());
        } finally {
            try {
                if (local != null) {
                    Files.deleteIfExists(local);
                }
            } catch (IOException ignored) {
                // a temporary file is all that could be left
            }
        }
    }
}
