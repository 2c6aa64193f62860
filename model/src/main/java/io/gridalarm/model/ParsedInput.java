package io.gridalarm.model;

import java.time.Instant;

/**
 * An event or interval read whose line was well formed, on its way to be matched with its meter's registry
 * history; it keeps its line so that a meter the registry does not know can still be dead-lettered as it arrived.
 * Exactly one of {@code event} and {@code read} is set; {@code receivedAt} is when the line said it reached the
 * system (null: not said); {@code line} is null only where no line was read (tests, generated records).
 */
public record ParsedInput(MeterEvent event, IntervalRead read, Instant receivedAt, NumberedLine line) {

    public ParsedInput {
        if ((event == null) == (read == null)) {
            throw new IllegalArgumentException("A parsed input holds exactly one of an event and a read.");
        }
    }

    /** The same input, read from the line. */
    public ParsedInput from(NumberedLine from) {
        return new ParsedInput(event, read, receivedAt, from);
    }

    public String meterId() {
        return event != null ? event.meterId() : read.meterId();
    }

    /** Event time: when the event happened, or when the read's interval ended. */
    public Instant time() {
        return event != null ? event.time() : read.end();
    }

    public RecordKind kind() {
        return event != null ? RecordKind.EVENT : RecordKind.READ;
    }

    /** The dead letter for this input, refused for the reason. */
    public DeadLetter refused(Rejection rejection) {
        NumberedLine from = line != null ? line : new NumberedLine("(no line)", 0, new byte[0]);
        return DeadLetter.of(from, kind(), rejection);
    }
}
