package io.gridalarm.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One line of an input with where it came from, as raw bytes so that a dead letter keeps exactly what arrived. A
 * file's line may travel {@link #byPlace() by its place} alone (no bytes), to be read again from its file in the
 * rare case that it becomes a dead letter after parsing.
 *
 * @param source the file's path (or the topic and partition)
 * @param line 1-based line number (or the record's offset on a topic)
 * @param offset where the line starts in its file, in bytes; {@link #NOT_IN_A_FILE} when it cannot be read again
 * @param bytes the line without its line ending; null only for a line by its place
 */
public record NumberedLine(String source, long line, long offset, byte[] bytes) {

    /** The offset of a line that is in no file (a topic's record, a test's line): it always keeps its bytes. */
    public static final long NOT_IN_A_FILE = -1;

    public NumberedLine {
        if (bytes == null && offset < 0) {
            throw new IllegalArgumentException("Line " + line + " of " + source + " has neither its bytes nor a "
                    + "place in a file to read them from.");
        }
    }

    /** A line that cannot be read again from a file, so it keeps its bytes. */
    public NumberedLine(String source, long line, byte[] bytes) {
        this(source, line, NOT_IN_A_FILE, bytes);
    }

    /**
     * The line by its place alone when it is in a file (its bytes can be read again there), else the line whole.
     * Records carry their line this way past parsing, where a line's bytes are most of a record's size.
     */
    public NumberedLine byPlace() {
        return offset == NOT_IN_A_FILE || bytes == null ? this : new NumberedLine(source, line, offset, null);
    }

    /** True when the line holds its bytes (false: by its place only). */
    public boolean hasBytes() {
        return bytes != null;
    }

    /** The same line, its bytes (read again from its file) given back. */
    public NumberedLine withBytes(byte[] read) {
        return new NumberedLine(source, line, offset, read);
    }

    /** The line decoded as UTF-8, with replacement characters where the bytes are not UTF-8. */
    public String text() {
        return new String(bytesRequired(), StandardCharsets.UTF_8);
    }

    /** The bytes in Base64 when they are not valid UTF-8 (so the text alone would lose them), else null. */
    public String bytesBase64IfNotUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytesRequired()));
            return null;
        } catch (CharacterCodingException e) {
            return Base64.getEncoder().encodeToString(bytesRequired());
        }
    }

    /** True when the line holds nothing but white space. */
    public boolean isBlank() {
        for (byte b : bytesRequired()) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private byte[] bytesRequired() {
        if (bytes == null) {
            throw new IllegalStateException("Line " + line + " of " + source + " travels by its place (offset "
                    + offset + "): read its bytes again from the file first.");
        }
        return bytes;
    }
}
