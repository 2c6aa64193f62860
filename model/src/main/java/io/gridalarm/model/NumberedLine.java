package io.gridalarm.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One line of an input file with where it came from, as raw bytes so that a dead letter keeps exactly what
 * arrived.
 *
 * @param source the file's path
 * @param line 1-based line number
 * @param bytes the line without its line ending
 */
public record NumberedLine(String source, long line, byte[] bytes) {

    /** The line decoded as UTF-8, with replacement characters where the bytes are not UTF-8. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes in Base64 when they are not valid UTF-8 (so the text alone would lose them), else null. */
    public String bytesBase64IfNotUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return null;
        } catch (CharacterCodingException e) {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** True when the line holds nothing but white space. */
    public boolean isBlank() {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
