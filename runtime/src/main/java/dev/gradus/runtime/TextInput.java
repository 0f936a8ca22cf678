package dev.gradus.runtime;

import java.io.IOException;
import java.io.InputStream;

/**
 * A text file read one character (code point) at a time, strictly: UTF-8, or UTF-16 when the file
 * starts with a UTF-16 byte order mark (a UTF-8 byte order mark is skipped). A byte that is not
 * valid in the encoding, or a NUL, is a {@link DataException} naming the line and column of the
 * character it is in. Lines end at LF, CR LF or CR; columns count characters from 1.
 */
final class TextInput {
    private final String file;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private int utf16; // 0: UTF-8; 1: big-endian; 2: little-endian
    private int pushed = -2;
    private long line = 1;
    private long col = 0;
    private boolean lineEnded;

    TextInput(String file, InputStream in) throws IOException {
        this.file = file;
        this.in = in;
        fill();
        if (lim - pos >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
            pos = 3;
        } else if (lim - pos >= 2 && (buf[0] & 0xFF) == 0xFE && (buf[1] & 0xFF) == 0xFF) {
            utf16 = 1;
            pos = 2;
        } else if (lim - pos >= 2 && (buf[0] & 0xFF) == 0xFF && (buf[1] & 0xFF) == 0xFE) {
            utf16 = 2;
            pos = 2;
        }
    }

    /** The line of the character last returned by {@link #read} (or of the end of the file). */
    long line() {
        return line;
    }

    /** The column of the character last returned by {@link #read}. */
    long column() {
        return col;
    }

    /** {@code FILE:LINE:COL: } for the character last read. */
    String where() {
        return file + ":" + line + ":" + col + ": ";
    }

    /**
     * The next character, or -1 at the end. A line end (LF, CR LF, or CR) is returned as one '\n'
     * positioned just after the line's last character.
     */
    int read() throws IOException {
        int c;
        if (pushed != -2) {
            c = pushed;
            pushed = -2;
        } else {
            c = decode();
        }
        if (lineEnded) {
            line++;
            col = 0;
            lineEnded = false;
        }
        if (c == -1) {
            col++;
            return -1;
        }
        col++;
        if (c == '\r') {
            lineEnded = true;
            int next = decode();
            if (next != '\n') {
                pushed = next;
            }
            c = '\n';
        }
        if (c == '\n') {
            lineEnded = true;
        }
        return c;
    }

    private int decode() throws IOException {
        return utf16 == 0 ? utf8() : utf16();
    }

    private int utf8() throws IOException {
        int b = next();
        if (b < 0x80) {
            if (b == 0) {
                throw notText("the file is not UTF-8 text: a NUL byte (UTF-16 without a byte order mark, or a binary file?)");
            }
            return b;
        }
        int need;
        int min;
        int max = 0xBF;
        int cp;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
            cp = b & 0x1F;
            min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            cp = b & 0x0F;
            min = b == 0xE0 ? 0xA0 : 0x80;
            max = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            cp = b & 0x07;
            min = b == 0xF0 ? 0x90 : 0x80;
            max = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw badByte(b);
        }
        for (int k = 0; k < need; k++) {
            int c = peekByte();
            if (c < (k == 0 ? min : 0x80) || c > (k == 0 ? max : 0xBF)) {
                throw badByte(b);
            }
            next();
            cp = cp << 6 | (c & 0x3F);
        }
        return cp;
    }

    private int utf16() throws IOException {
        int u = unit();
        if (u < 0) {
            return -1;
        }
        if (u == 0) {
            throw notText("the file is not text: a NUL character");
        }
        if (u >= 0xD800 && u <= 0xDBFF) {
            int low = unit();
            if (low < 0xDC00 || low > 0xDFFF) {
                throw notText("the file is not valid UTF-16 (a lone surrogate)");
            }
            return 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
        }
        if (u >= 0xDC00 && u <= 0xDFFF) {
            throw notText("the file is not valid UTF-16 (a lone surrogate)");
        }
        return u;
    }

    private int unit() throws IOException {
        int a = next();
        if (a < 0) {
            return -1;
        }
        int b = next();
        if (b < 0) {
            throw notText("the file is not valid UTF-16 (an odd number of bytes)");
        }
        return utf16 == 1 ? a << 8 | b : b << 8 | a;
    }

    private DataException badByte(int b) {
        String hint = b >= 0xA0 ? " (it looks like Latin-1 or Windows-1252)" : "";
        return notText(String.format("the file is not UTF-8: byte 0x%02X%s; save it as UTF-8", b, hint));
    }

    private DataException notText(String what) {
        return new DataException(file + ":" + (lineEnded ? line + 1 : line) + ":" + (lineEnded ? 1 : col + 1) + ": " + what);
    }

    private int next() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    private int peekByte() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos] & 0xFF;
    }

    private boolean fill() throws IOException {
        pos = 0;
        lim = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        lim = n;
        return true;
    }
}
