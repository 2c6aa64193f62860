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
 * Parsed inputs on their way to the registry join, in binary form with their line's raw bytes (every record
 * crosses this shuffle; the bytes are decoded only for the few that become dead letters).
 */
public final class ParsedInputCodec implements ValueCodec<ParsedInput> {

    private static final long serialVersionUID = 1L;
    private static final byte EVENT = 1;
    private static final byte RECEIVED = 2;
    private static final byte LINE = 4;
    private static final byte SERVICE = 8;

    @Override
    public Class<ParsedInput> type() {
        return ParsedInput.class;
    }

    @Override
    public void write(ParsedInput input, DataOutputView out) throws IOException {
        out.writeByte((input.event() != null ? EVENT : 0) | (input.receivedAt() != null ? RECEIVED : 0)
                | (input.line() != null ? LINE : 0) | (input.service() != null ? SERVICE : 0));
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
        if (input.line() != null) {
            out.writeUTF(input.line().source());
            out.writeLong(input.line().line());
            out.writeInt(input.line().bytes().length);
            out.write(input.line().bytes());
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
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            line = new NumberedLine(source, number, bytes);
        }
        return new ParsedInput(parsedEvent, parsedRead, parsedService, receivedAt, line);
    }
}
