package io.gridalarm.model;

import java.time.Instant;

/**
 * An event, interval read or service message whose line was well formed, on its way to be matched with its
 * meter's registry history; it keeps its line (whole, or by its place in its file) so that a meter the registry does
 * not know can still be dead-lettered as it arrived. Exactly one of {@code event}, {@code read} and {@code service}
 * is set; {@code receivedAt} is when the line said it reached the system (null: not said); {@code line} is null only
 * where no line was read (tests, generated records).
 */
public record ParsedInput(MeterEvent event, IntervalRead read, ServiceMessage service, Instant receivedAt,
                          NumberedLine line) {

    public ParsedInput {
        if ((event != null ? 1 : 0) + (read != null ? 1 : 0) + (service != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("A parsed input holds exactly one of an event, a read and a service "
                    + "message.");
        }
    }

    /** The same input, read from the line. */
    public ParsedInput from(NumberedLine from) {
        return new ParsedInput(event, read, service, receivedAt, from);
    }

    public String meterId() {
        return event != null ? event.meterId() : read != null ? read.meterId() : service.meterId();
    }

    /** Event time: when the event happened, when the read's interval ended, or when the message was sent. */
    public Instant time() {
        return event != null ? event.time() : read != null ? read.end() : service.time();
    }

    public RecordKind kind() {
        return event != null ? RecordKind.EVENT : read != null ? RecordKind.READ
                : service instanceof ServiceRequest ? RecordKind.REQUEST : RecordKind.RESPONSE;
    }

    /** The dead letter for this input, refused for the reason; its line must have its bytes. */
    public DeadLetter refused(Rejection rejection) {
        NumberedLine from = line != null ? line : new NumberedLine("(no line)", 0, new byte[0]);
        return DeadLetter.of(from, kind(), rejection);
    }
}
