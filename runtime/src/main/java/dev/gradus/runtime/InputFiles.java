package dev.gradus.runtime;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening a data or parameter file to read: one message for a folder, one for a missing file, and pipes read too. */
final class InputFiles {
    private InputFiles() {}

    /**
     * {@code file}, buffered (64 KiB). FileInputStream, not Files.newInputStream: a pipe's ({@code <(...)}, a piped
     * /dev/stdin, a FIFO) channel stream asks its position for available(), which BufferedInputStream calls, and Java
     * 17 fails with "Illegal seek".
     */
    static InputStream open(Path file) {
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": cannot read: it is a folder");
        }
        try {
            return new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 16);
        } catch (FileNotFoundException e) { // its message repeats the name
            throw new DataException(file + (Files.notExists(file) ? ": no such file" : ": cannot read: " + e.getMessage()));
        }
    }
}
