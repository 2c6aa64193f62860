package io.gridalarm.jobs.types;

import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.ServiceMessage;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Parsed inputs on their way to the registry join, in binary form with their line: its raw bytes (a topic's line;
 * decoded only for the few that become dead letters) or its place in its file (a file's line, read again there for
 * those few). A line's bytes are most of a record, and every record crosses this shuffle and the join's sort. Data
 * written before lines had places (no {@code IN_FILE} or {@code BY_PLACE} bit) still reads.
 */
public final class ParsedInputCodec implements ValueCodec<ParsedInput> {

    private static final long serialVersionUID = 1L;
    private static final byte EVENT = 1;
    private static final byte RECEIVED = 2;
    private static final byte LINE = 4;
    private static final byte SERVICE = 8;
    private static final byte IN_FILE = 16;
    private static final byte BY_PLACE = 32;

    @Override
    public Class<ParsedInput> type() {
        return ParsedInput.class;
    }

    @Override
    public void write(ParsedInput input, DataOutputView out) throws IOException {
        NumberedLine line = input.line();
        boolean inFile = line != null && line.offset() != NumberedLine.NOT_IN_A_FILE;
        out.writeByte((input.event() != null ? EVENT : 0) | (input.receivedAt() != null ? RECEIVED : 0)
                | (line != null ? LINE : 0) | (input.service() != null ? SERVICE : 0) | (inFile ? IN_FILE : 0)
                | (line != null && !line.hasBytes() ? BY_PLACE : 0));
        out.writeUTF(input.meterId());
        if (input.event() != null) {
            MeterRecordCodec.writeEvent(input.event(), out);
        } else if (input.service() != null) {
            MeterRecordCodec.writeService(input.service(), out);
        } else {
            MeterRecordCodec.writeRead(input.read(), out);
        }
        if (input.receivedAt() != null) {
            MeterRecordCodec.writeInstant(input.receivedAt(), out);
        }
        if (line != null) {
            out.writeUTF(line.source());
            out.writeLong(line.line());
            if (inFile) {
                out.writeLong(line.offset());
            }
            if (line.hasBytes()) {
                out.writeInt(line.bytes().length);
                out.write(line.bytes());
            }
        }
    }

    @Override
    public ParsedInput read(DataInputView in) throws IOException {
        byte kind = in.readByte();
        String meterId = in.readUTF();
        boolean event = (kind & EVENT) != 0;
        boolean service = (kind & SERVICE) != 0;
        MeterEvent parsedEvent = event ? MeterRecordCodec.readEvent(meterId, in) : null;
        ServiceMessage parsedService = service ? MeterRecordCodec.readService(meterId, in) : null;
        IntervalRead parsedRead = event || service ? null : MeterRecordCodec.readRead(meterId, in);
        Instant receivedAt = (kind & RECEIVED) != 0 ? MeterRecordCodec.readInstant(in) : null;
        NumberedLine line = null;
        if ((kind & LINE) != 0) {
            String source = in.readUTF();
            long number = in.readLong();
            long offset = (kind & IN_FILE) != 0 ? in.readLong() : NumberedLine.NOT_IN_A_FILE;
            byte[] bytes = null;
            if ((kind & BY_PLACE) == 0) {
                bytes = new byte[in.readInt()];
                in.readFully(bytes);
            }
            line = new NumberedLine(source, number, offset, bytes);
        }
        return new ParsedInput(parsedEvent, parsedRead, parsedService, receivedAt, line);
    }
}
