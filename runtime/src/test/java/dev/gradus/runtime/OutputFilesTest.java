package dev.gradus.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs are never half-written, keep the permissions users expect, follow links, and write devices in place. */
class OutputFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewFileGetsTheUmasksPermissionsNotPrivateOnes() throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x"); // what any file the user creates gets under the umask
        Path out = dir.resolve("out.txt");
        OutputFiles.writeString(out, "hello\n");
        assertThat(Files.readString(out)).isEqualTo("hello\n");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(names()).containsExactly("out.txt", "plain.txt");
    }

    @Test
    void anExistingFileKeepsItsPermissions() throws IOException {
        Path out = dir.resolve("out.txt");
        Files.writeString(out, "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        OutputFiles.writeString(out, "new");
        assertThat(Files.readString(out)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetIsWritten() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path target = sub.resolve("real.txt");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("sub/real.txt"));
        OutputFiles.writeString(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("new");
        // A dangling link creates its target.
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.txt"), Path.of("sub/made.txt"));
        OutputFiles.writeString(dangling, "made");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(sub.resolve("made.txt"))).isEqualTo("made");
        try (var s = Files.list(sub)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("made.txt", "real.txt");
        }
    }

    @Test
    void devNullStaysADeviceAndDevFullReportsTheError() throws IOException {
        Path nul = Path.of("/dev/null");
        assumeTrue(Files.isWritable(nul));
        OutputFiles.writeString(nul, "discarded");
        assertThat(Files.isRegularFile(nul, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(nul)).isTrue();
        Path full = Path.of("/dev/full");
        if (Files.isWritable(full)) {
            assertThatThrownBy(() -> OutputFiles.writeString(full, "x".repeat(100_000))).isInstanceOf(DataException.class)
                    .hasMessage("/dev/full: cannot save: No space left on device");
            assertThat(Files.isRegularFile(full, LinkOption.NOFOLLOW_LINKS)).isFalse();
        }
    }

    @Test
    void aNamedPipeIsWrittenInPlace() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo");
            return;
        }
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
        OutputFiles.writeString(fifo, "through the pipe");
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(names()).containsExactly("pipe");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path out = dir.resolve("p.safetensors");
        Files.writeString(out, "old complete file");
        assertThatThrownBy(() -> OutputFiles.write(out, o -> {
            o.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk on fire");
        })).isInstanceOf(DataException.class).hasMessage(out + ": cannot save: disk on fire");
        assertThat(Files.readString(out)).isEqualTo("old complete file");
        assertThat(names()).containsExactly("p.safetensors");
    }

    @Test
    void aLeftoverFromAKilledRunIsRemovedByTheNextWrite() throws IOException {
        long dead = deadPid();
        Path leftover = dir.resolve(".p.safetensors." + dead + ".gradus-tmp");
        Path leftover2 = dir.resolve(".p.safetensors." + dead + "-1a2b.gradus-tmp");
        Path running = dir.resolve(".p.safetensors." + ProcessHandle.current().pid() + "-77.gradus-tmp");
        Path other = dir.resolve(".q.safetensors." + dead + ".gradus-tmp");
        for (Path p : List.of(leftover, leftover2, running, other)) {
            Files.writeString(p, "partial");
        }
        OutputFiles.writeString(dir.resolve("p.safetensors"), "new");
        assertThat(names()).containsExactly(".p.safetensors." + ProcessHandle.current().pid() + "-77.gradus-tmp",
                ".q.safetensors." + dead + ".gradus-tmp", "p.safetensors");
    }

    private static long deadPid() throws IOException {
        try {
            Process p = new ProcessBuilder("true").start();
            p.waitFor(10, TimeUnit.SECONDS);
            long pid = p.pid();
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return 999_999_999L;
            }
            return pid;
        } catch (IOException | InterruptedException e) {
            return 999_999_999L;
        }
    }

    @Test
    void foldersAndMissingFoldersAreNamedBeforeAnyWork() throws IOException {
        Path missing = dir.resolve("nope/p.safetensors");
        assertThatThrownBy(() -> OutputFiles.checkWritable(missing))
                .hasMessage(missing + ": cannot save: the folder " + dir.toAbsolutePath().normalize().resolve("nope") + " does not exist");
        assertThatThrownBy(() -> OutputFiles.checkWritable(dir)).hasMessage(dir + ": cannot save: it is a folder");
        assertThatThrownBy(() -> OutputFiles.writeString(dir, "x")).hasMessage(dir + ": cannot save: it is a folder");
        OutputFiles.checkWritable(dir.resolve("fine.txt"));
        assertThat(names()).isEmpty();
    }

    @Test
    void sameFileSeesThroughLinksAndSpellings() throws IOException {
        Path a = dir.resolve("a.csv");
        Path link = Files.createSymbolicLink(dir.resolve("l.csv"), a.getFileName());
        assertThat(OutputFiles.sameFile(a, dir.resolve("./sub/../a.csv"))).isTrue();
        assertThat(OutputFiles.sameFile(a, link)).isTrue();
        assertThat(OutputFiles.sameFile(a, dir.resolve("b.csv"))).isFalse();
    }

    @Test
    void safetensorsAndTrainerSavesGoThroughIt() throws IOException {
        Path out = dir.resolve("p.safetensors");
        Files.writeString(out, "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw-r--"));
        Safetensors.write(out, java.util.Map.of("w", new int[] {1}), java.util.Map.of("w", new double[] {1.5}), true);
        assertThat(Safetensors.read(out).get("w").values()).containsExactly(1.5);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-rw-r--");
        assertThat(names()).containsExactly("p.safetensors");
    }

    /** Issue 25: a 255-byte name (the most a file name may have), and a path of 1,000 characters, are written. */
    @Test
    void longNamesAndLongPathsAreWritten() throws IOException {
        Path longest = dir.resolve("p".repeat(243) + ".safetensors");
        OutputFiles.writeString(longest, "a");
        OutputFiles.writeString(longest, "b");
        assertThat(Files.readString(longest)).isEqualTo("b");
        assertThat(names()).containsExactly(longest.getFileName().toString());
        Path deep = dir;
        while (deep.toString().length() < 1000 - 200) {
            deep = deep.resolve("d".repeat(99));
        }
        Files.createDirectories(deep);
        Path far = deep.resolve("f".repeat(1000 - deep.toString().length() - 1));
        OutputFiles.writeString(far, "far");
        assertThat(far.toString()).hasSize(1000);
        assertThat(Files.readString(far)).isEqualTo("far");
        try (var s = Files.list(deep)) {
            assertThat(s.toList()).containsExactly(far);
        }
    }
}
