package dev.gradus.compiler.diag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a .net file: at most {@link #MAX_BYTES} bytes (so {@code /dev/zero} or a huge file is one
 * clear error, never an OutOfMemoryError), UTF-8 (a byte order mark is skipped; UTF-16 with a byte
 * order mark is accepted too). Text that is not UTF-8 is a {@link CompileException} at the line and
 * column of the first bad byte.
 */
public final class SourceFiles {
    /** The largest .net file read: 1 MiB. */
    public static final int MAX_BYTES = 1 << 20;

    private SourceFiles() {}

    /** The file is larger than {@link #MAX_BYTES}. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * The text of {@code file}, named as given; an {@link IOException} if it cannot be read or is
     * too large, a {@link CompileException} if it is not UTF-8 text.
     */
    public static Source read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new TooLargeException("the file is larger than " + (MAX_BYTES >> 20) + " MiB, the limit for a .net file");
        }
        return decode(file.toString(), bytes);
    }

    /** Decodes a file's bytes as {@link #read} does. */
    public static Source decode(String name, byte[] bytes) {
        int skip = 0;
        Charset charset = StandardCharsets.UTF_8;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            skip = 3;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            skip = 2;
            charset = StandardCharsets.UTF_16BE;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            skip = 2;
            charset = StandardCharsets.UTF_16LE;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil((bytes.length - skip) * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        int nul = charset == StandardCharsets.UTF_8 ? indexOfNul(bytes, skip) : -1;
        if (result.isError() && (nul < 0 || nul > in.position())) {
            int bad = in.position();
            String what = charset == StandardCharsets.UTF_8
                    ? "the file is not UTF-8 text: byte " + hex(bytes[bad]) + " cannot appear here (save it as UTF-8)"
                    : "the file is not valid " + charset.name() + " text (it starts with a " + charset.name()
                            + " byte order mark)";
            throw error(name, bytes, skip, charset, bad, what);
        }
        if (nul >= 0) {
            throw error(name, bytes, skip, charset, nul,
                    "the file is not text: it contains a NUL byte (is it UTF-16 without a byte order mark? save it as UTF-8)");
        }
        out.flip();
        String text = out.toString();
        if (text.indexOf('\0') >= 0) { // UTF-16 with a byte order mark, decoding to a NUL character
            throw error(name, bytes, skip, charset, -1, "the file is not text: it contains a NUL character");
        }
        return new Source(name, text);
    }

    private static CompileException error(String name, byte[] bytes, int skip, Charset charset, int bad, String message) {
        if (bad < 0) {
            String text = new String(bytes, skip, bytes.length - skip, charset);
            return new CompileException(List.of(new Diagnostic(new Source(name, text.replace('\0', '\uFFFD')),
                    position(text.substring(0, text.indexOf('\0'))), message)));
        }
        String before;
        try {
            before = charset.newDecoder().decode(ByteBuffer.wrap(bytes, skip, bad - skip)).toString();
        } catch (CharacterCodingException e) {
            before = ""; // cannot happen: the bytes before the first bad one decode
        }
        String lenient = new String(bytes, skip, bytes.length - skip, charset).replace('\0', '\uFFFD');
        Source shown = new Source(name, lenient);
        return new CompileException(List.of(new Diagnostic(shown, position(before), message)));
    }

    /** The 1-based line and column just after {@code before} (columns count characters, as the parser does). */
    private static Position position(String before) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, before.codePointCount(lineStart, before.length()) + 1);
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte b) {
        return String.format("0x%02X", b & 0xFF);
    }
}
