package io.gridalarm.jobs.types;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.PathStep;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceMessage;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.ServiceResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Meter records in a compact binary form: every record crosses a sort and a shuffle in a replay, and the
 * reflective POJO serializer was the largest single cost there. The meter id is written once (the record's
 * event or read and its registry row share it).
 */
public final class MeterRecordCodec implements ValueCodec<MeterRecord> {

    private static final long serialVersionUID = 1L;
    private static final Fuel[] FUELS = Fuel.values();
    private static final byte EVENT = 0;
    private static final byte READ = 1;
    /** Added to the kind when the record says when it was received (state written before it has no such bit). */
    private static final byte RECEIVED = 2;
    /** The reads' progress through an instant (state written before it has no such kind). */
    private static final byte PROGRESS = 4;
    /** Registry news for the meter's location (state written before it has no such kind). */
    private static final byte REGISTRY = 8;
    /** Added to the kind when the record knows what is above its substation (state written before it has none). */
    private static final byte ABOVE = 16;
    /** A service request or response (state written before it has no such kind). */
    private static final byte SERVICE = 32;
    private static final DccRole[] ROLES = DccRole.values();
    private static final DuisService[] SERVICES = DuisService.values();
    private static final AssetKind[] KINDS = AssetKind.values();

    @Override
    public Class<MeterRecord> type() {
        return MeterRecord.class;
    }

    @Override
    public void write(MeterRecord record, DataOutputView out) throws IOException {
        RegistryRow row = record.meter();
        byte kind = record.isEvent() ? EVENT : record.isReadsProgress() ? PROGRESS : record.isRegistry() ? REGISTRY
                : record.isService() ? SERVICE : READ;
        boolean above = !record.above().isEmpty();
        out.writeByte(kind | (record.receivedAt() != null ? RECEIVED : 0) | (above ? ABOVE : 0));
        out.writeUTF(row.meterId());
        out.writeByte(row.fuel().ordinal());
        writeNullable(row.feederId(), out);
        writeNullable(row.substationId(), out);
        out.writeUTF(row.networkOperator());
        out.writeUTF(row.supplier());
        writeInstant(row.validFrom(), out);
        if (record.receivedAt() != null) {
            writeInstant(record.receivedAt(), out);
        }
        if (above) {
            List<PathStep> steps = record.above().steps();
            out.writeByte(steps.size());
            for (PathStep step : steps) {
                out.writeUTF(step.assetId());
                out.writeByte(step.kind().ordinal());
            }
        }
        if (record.isReadsProgress()) {
            writeInstant(record.readsThrough(), out);
        } else if (record.isRegistry()) {
            MeterHistoryCodec.writeRows(record.registry().rows(), out);
        } else if (record.isEvent()) {
            writeEvent(record.event(), out);
        } else if (record.isService()) {
            writeService(record.service(), out);
        } else {
            writeRead(record.read(), out);
        }
    }

    /** An event, all but its meter id (written with the record's registry row). */
    static void writeEvent(MeterEvent e, DataOutputView out) throws IOException {
        out.writeUTF(e.eventId());
        out.writeByte(e.fuel() == null ? -1 : e.fuel().ordinal());
        out.writeUTF(e.code());
        writeInstant(e.time(), out);
        out.writeByte((e.phase() != null ? 1 : 0) | (e.value() != null ? 2 : 0)
                | (e.durationSeconds() != null ? 4 : 0));
        if (e.phase() != null) {
            out.writeInt(e.phase());
        }
        if (e.value() != null) {
            out.writeDouble(e.value());
        }
        if (e.durationSeconds() != null) {
            out.writeLong(e.durationSeconds());
        }
    }

    /** A service request or response, all but its meter id. */
    static void writeService(ServiceMessage message, DataOutputView out) throws IOException {
        out.writeUTF(message.requestId());
        if (message instanceof ServiceRequest request) {
            out.writeByte(0);
            out.writeUTF(request.user());
            out.writeByte(request.role().ordinal());
            out.writeByte(request.service().ordinal());
            writeInstant(request.time(), out);
            out.writeBoolean(request.scheduledFor() != null);
            if (request.scheduledFor() != null) {
                writeInstant(request.scheduledFor(), out);
            }
        } else {
            ServiceResponse response = (ServiceResponse) message;
            out.writeByte(1);
            out.writeUTF(response.outcome());
            writeInstant(response.time(), out);
        }
    }

    static ServiceMessage readService(String meterId, DataInputView in) throws IOException {
        String requestId = in.readUTF();
        if (in.readByte() == 0) {
            String user = in.readUTF();
            DccRole role = ROLES[in.readByte()];
            DuisService service = SERVICES[in.readByte()];
            Instant time = readInstant(in);
            Instant scheduledFor = in.readBoolean() ? readInstant(in) : null;
            return new ServiceRequest(requestId, meterId, user, role, service, time, scheduledFor);
        }
        String outcome = in.readUTF();
        return new ServiceResponse(requestId, meterId, outcome, readInstant(in));
    }

    /** A read, all but its meter id. */
    static void writeRead(IntervalRead r, DataOutputView out) throws IOException {
        out.writeByte(r.fuel() == null ? -1 : r.fuel().ordinal());
        writeInstant(r.start(), out);
        out.writeInt(r.minutes());
        Double[] values = {r.importKwh(), r.exportKwh(), r.voltageMin(), r.voltageAvg(), r.voltageMax()};
        int present = 0;
        for (int i = 0; i < values.length; i++) {
            present |= values[i] != null ? 1 << i : 0;
        }
        out.writeByte(present);
        for (Double value : values) {
            if (value != null) {
                out.writeDouble(value);
            }
        }
    }

    @Override
    public MeterRecord read(DataInputView in) throws IOException {
        byte kind = in.readByte();
        String meterId = in.readUTF();
        Fuel fuel = FUELS[in.readByte()];
        RegistryRow row = new RegistryRow(meterId, fuel, readNullable(in), readNullable(in), in.readUTF(),
                in.readUTF(), readInstant(in));
        Instant receivedAt = (kind & RECEIVED) != 0 ? readInstant(in) : null;
        NetworkPath above = null;
        if ((kind & ABOVE) != 0) {
            PathStep[] steps = new PathStep[in.readByte()];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = new PathStep(in.readUTF(), KINDS[in.readByte()]);
            }
            above = new NetworkPath(List.of(steps));
        }
        MeterRecord record = switch (kind & ~(RECEIVED | ABOVE)) {
            case EVENT -> MeterRecord.of(readEvent(meterId, in), row);
            case READ -> MeterRecord.of(readRead(meterId, in), row);
            case SERVICE -> MeterRecord.of(readService(meterId, in), row);
            case PROGRESS -> MeterRecord.readsThrough(row, readInstant(in));
            case REGISTRY -> MeterRecord.registry(row, new MeterHistory(meterId,
                    MeterHistoryCodec.readRows(meterId, in)));
            default -> throw new IOException("Unknown meter record kind " + kind + ".");
        };
        record = above == null ? record : record.withAbove(above);
        return receivedAt == null ? record : record.withReceivedAt(receivedAt);
    }

    static MeterEvent readEvent(String meterId, DataInputView in) throws IOException {
        String eventId = in.readUTF();
        Fuel claimed = fuel(in.readByte());
        String code = in.readUTF();
        Instant time = readInstant(in);
        int present = in.readByte();
        Integer phase = (present & 1) != 0 ? in.readInt() : null;
        Double value = (present & 2) != 0 ? in.readDouble() : null;
        Long duration = (present & 4) != 0 ? in.readLong() : null;
        return new MeterEvent(eventId, meterId, claimed, code, time, phase, value, duration);
    }

    static IntervalRead readRead(String meterId, DataInputView in) throws IOException {
        Fuel claimed = fuel(in.readByte());
        Instant start = readInstant(in);
        int minutes = in.readInt();
        int present = in.readByte();
        Double[] values = new Double[5];
        for (int i = 0; i < values.length; i++) {
            values[i] = (present & (1 << i)) != 0 ? in.readDouble() : null;
        }
        return new IntervalRead(meterId, claimed, start, minutes, values[0], values[1], values[2], values[3],
                values[4]);
    }

    private static Fuel fuel(byte ordinal) {
        return ordinal < 0 ? null : FUELS[ordinal];
    }

    static void writeNullable(String value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    static String readNullable(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    static void writeInstant(Instant instant, DataOutputView out) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    static Instant readInstant(DataInputView in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
