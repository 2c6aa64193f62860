package io.gridalarm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * An input line that could not be used, kept with where it came from, why, and its original content.
 *
 * @param source the file (or topic) the line came from
 * @param line the 1-based line number in the file (or the offset on a topic)
 * @param kind whether it was read as an event or an interval read
 * @param reason the class of problem, for counting
 * @param message what exactly was wrong
 * @param text the original line, decoded as UTF-8
 * @param bytesBase64 the original bytes, only when they are not valid UTF-8
 */
@JsonPropertyOrder({"source", "line", "kind", "reason", "message", "text", "bytesBase64"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(String source, long line, RecordKind kind, RejectReason reason, String message,
                         String text, String bytesBase64) {

    public DeadLetter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(text, "text");
    }

    /** The line refused for the reason, read as the kind. */
    public static DeadLetter of(NumberedLine line, RecordKind kind, Rejection rejection) {
        return new DeadLetter(line.source(), line.line(), kind, rejection.reason(), rejection.message(), line.text(),
                line.bytesBase64IfNotUtf8());
    }
}
