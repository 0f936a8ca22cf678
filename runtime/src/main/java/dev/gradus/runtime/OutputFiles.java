package dev.gradus.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output file (parameters, a log, predictions) so that nothing is ever half-written.
 *
 * <ul>
 *   <li>A regular file, or a path that does not exist yet, is written to a temporary file in the
 *       same folder, forced to disk, then renamed over the target in one atomic step: readers see
 *       the old complete file or the new complete file. The new file gets the permissions any file
 *       the user creates gets under the umask; a file that exists keeps its permissions.</li>
 *   <li>A symbolic link is followed: its final target is written as above, in the target's own
 *       folder, and the link stays a link.</li>
 *   <li>Anything else that exists (a device such as {@code /dev/null} or {@code /dev/full}, a named
 *       pipe), and {@code /dev/stdout}, {@code /dev/stderr}, {@code /dev/fd/N} and paths under
 *       {@code /proc}, is written directly (appended to), and a write error such as a full device is
 *       reported.</li>
 * </ul>
 *
 * The temporary file is named {@code .NAME.PID.gradus-tmp} (a NAME too long for a file name with
 * those additions is shortened and tagged with its hash, so that a 255-byte name can be written); it
 * is removed when the write fails or the process is stopped by SIGTERM or SIGINT (a shutdown hook,
 * after which no new temporary file is created), and a leftover from a killed process (SIGKILL) is
 * removed by the next write to the same file.
 */
public final class OutputFiles {
    private static final String SUFFIX = ".gradus-tmp";
    private static final int MAX_LINKS = 40;
    /** The longest NAME kept whole in a temporary file's name, in UTF-8 bytes (a file name has at most 255). */
    private static final int MAX_STEM = 160;
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    /** Guards {@link #closing} and the creation of temporary files against the shutdown hook. */
    private static final Object LOCK = new Object();
    private static boolean closing;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputFiles::removePending, "gradus-output-cleanup"));
    }

    /**
     * The shutdown hook: from now on no temporary file is created (the thread that saves runs on while
     * hooks run), and every pending one is removed.
     */
    private static void removePending() {
        synchronized (LOCK) {
            closing = true;
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the process is ending; nothing more can be done
                }
            }
        }
    }

    private OutputFiles() {}

    /** Produces the bytes of an output. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }

    /** Writes what {@code body} produces to {@code file}, as the class comment describes. */
    public static void write(Path file, Body body) {
        Path target = resolve(file);
        if (Files.isDirectory(target)) {
            throw new DataException(file + ": cannot save: it is a folder");
        }
        if (Files.exists(target) && (!Files.isRegularFile(target) || special(file))) {
            writeDirectly(file, target, body);
        } else {
            writeAtomically(file, target, body);
        }
    }

    /**
     * Checks, before any long work, that {@code file} could be written: its folder exists and is
     * writable, and it is not a folder. Throws a {@link DataException} naming the problem.
     */
    public static void checkWritable(Path file) {
        Path target = resolve(file);
        if (Files.isDirectory(target)) {
            throw new DataException(file + ": cannot save: it is a folder");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            if (!Files.isWritable(target)) {
                throw new DataException(file + ": cannot save: permission denied");
            }
            return;
        }
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new DataException(file + ": cannot save: the folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new DataException(file + ": cannot save: the folder " + dir + " is not writable");
        }
    }

    /**
     * True if the two paths name the same file once links are followed (whether or not it exists);
     * devices and pipes, which several outputs may share ({@code /dev/null}), never count.
     */
    public static boolean sameFile(Path a, Path b) {
        Path ra = resolve(a);
        Path rb = resolve(b);
        if (Files.exists(ra) && !Files.isRegularFile(ra) || Files.exists(rb) && !Files.isRegularFile(rb)) {
            return false;
        }
        if (ra.equals(rb)) {
            return true;
        }
        try {
            return Files.exists(ra) && Files.exists(rb) && Files.isSameFile(ra, rb);
        } catch (IOException e) {
            return false;
        }
    }

    /** The absolute path that writing {@code file} really writes: symbolic links followed, folders' links too. */
    static Path resolve(Path file) {
        Path p = file.toAbsolutePath().normalize();
        if (special(file)) {
            return p; // an open stream: its link may name a pipe ("pipe:[123]") that no path reaches
        }
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(p); i++) {
            try {
                Path link = Files.readSymbolicLink(p);
                p = p.getParent().toRealPath().resolve(link).normalize(); // ".." in a link counts from its real folder
            } catch (IOException e) {
                throw new DataException(file + ": cannot follow the link: " + e.getMessage());
            }
        }
        if (Files.isSymbolicLink(p)) {
            throw new DataException(file + ": cannot save: too many levels of symbolic links");
        }
        Path dir = p.getParent();
        try {
            if (dir != null && Files.isDirectory(dir)) {
                p = dir.toRealPath().resolve(p.getFileName());
            }
        } catch (IOException e) {
            // keep the path as it is; writing it reports the problem
        }
        return p;
    }

    /**
     * {@code /dev/stdout}, {@code /dev/stderr}, {@code /dev/fd/N} and anything under {@code /proc}
     * ({@code /proc/self/fd/1}) name an open stream even when it resolves to a regular file (a
     * redirection): it is appended to in place, never replaced.
     */
    private static boolean special(Path file) {
        Path p = file.toAbsolutePath().normalize();
        return p.startsWith("/dev/fd") || p.startsWith("/proc") || p.toString().matches("/dev/std(out|err)");
    }

    private static void writeDirectly(Path file, Path target, Body body) {
        String fd = file.toAbsolutePath().normalize().toString();
        if (fd.equals("/dev/stdout") || fd.equals("/dev/fd/1") || fd.equals("/proc/self/fd/1")) {
            writeTo(file, new java.io.FileOutputStream(java.io.FileDescriptor.out), body);
            return;
        }
        if (fd.equals("/dev/stderr") || fd.equals("/dev/fd/2") || fd.equals("/proc/self/fd/2")) {
            writeTo(file, new java.io.FileOutputStream(java.io.FileDescriptor.err), body);
            return;
        }
        try (OutputStream out = new BufferedOutputStream(
                Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND), 1 << 16)) {
            body.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new DataException(file + ": cannot save: " + reason(e));
        }
    }

    /**
     * Standard output and error through the process's own descriptor (its file offset is the one
     * System.out writes at, so text before and after stays in order), left open.
     */
    private static void writeTo(Path file, OutputStream fd, Body body) {
        System.out.flush();
        System.err.flush();
        try {
            OutputStream out = new BufferedOutputStream(fd, 1 << 16);
            body.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new DataException(file + ": cannot save: " + reason(e));
        }
    }

    private static void writeAtomically(Path file, Path target, Body body) {
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new DataException(file + ": cannot save: the folder " + dir + " does not exist");
        }
        String name = target.getFileName().toString();
        removeLeftovers(dir, name);
        Set<PosixFilePermission> keep = permissions(target);
        Path tmp = null;
        try {
            tmp = create(dir, name);
            if (keep != null) {
                keepOwner(target, tmp);
                Files.setPosixFilePermissions(tmp, keep);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            PENDING.remove(tmp);
            tmp = null;
            syncFolder(dir);
        } catch (IOException e) {
            throw new DataException(file + ": cannot save: " + reason(e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the shutdown hook tries again
                }
                PENDING.remove(tmp);
            }
        }
    }

    /** A new empty temporary file beside the target, created with the umask's default permissions. */
    private static Path create(Path dir, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0; ; attempt++) {
            String unique = attempt == 0 ? "" : "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
            Path tmp = dir.resolve("." + stem(name) + "." + pid + unique + SUFFIX);
            synchronized (LOCK) {
                if (closing) {
                    throw new IOException("the process is stopping");
                }
                try {
                    Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                    PENDING.add(tmp);
                    return tmp;
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
        }
    }

    /** {@code name}, or where it is long, its first characters and a hash of the whole name. */
    static String stem(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_STEM) {
            return name;
        }
        int end = 0;
        while (end < name.length() && name.substring(0, name.offsetByCodePoints(end, 1)).getBytes(StandardCharsets.UTF_8).length <= 64) {
            end = name.offsetByCodePoints(end, 1);
        }
        return name.substring(0, end) + "~" + Integer.toHexString(name.hashCode());
    }

    /** Deletes {@code .NAME.PID*.gradus-tmp} files whose process is no longer running. */
    private static void removeLeftovers(Path dir, String name) {
        String prefix = "." + stem(name) + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(SUFFIX);
        })) {
            for (Path p : files) {
                String middle = p.getFileName().toString();
                middle = middle.substring(prefix.length(), middle.length() - SUFFIX.length());
                int dash = middle.indexOf('-');
                String pid = dash < 0 ? middle : middle.substring(0, dash);
                if (!pid.matches("[0-9]{1,18}")) {
                    continue;
                }
                if (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // leftovers are only tidied up; the write itself reports real problems
        }
    }

    private static Set<PosixFilePermission> permissions(Path target) {
        if (!Files.isRegularFile(target) || Files.getFileAttributeView(target, PosixFileAttributeView.class) == null) {
            return null;
        }
        try {
            return Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Gives the new file the old one's owner and group where allowed (as root); else leaves them. */
    private static void keepOwner(Path target, Path tmp) {
        try {
            PosixFileAttributeView from = Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributeView to = Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            var old = from.readAttributes();
            var now = to.readAttributes();
            if (!old.owner().equals(now.owner())) {
                to.setOwner(old.owner());
            }
            if (!old.group().equals(now.group())) {
                to.setGroup(old.group());
            }
        } catch (IOException | RuntimeException e) {
            // only the owner may differ, as with any tool that replaces a file
        }
    }

    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not every system can sync a folder; the rename has happened either way
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "the folder does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
