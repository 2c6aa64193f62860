package io.gridalarm.jobs.types;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.Json;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.Severity;
import io.gridalarm.rules.MeterAlarm;
import io.gridalarm.rules.RollUpState;
import io.gridalarm.rules.RollUpState.Group;
import io.gridalarm.rules.RollUpState.Member;
import io.gridalarm.rules.RollUpState.Nested;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A location's outage roll-up state in binary form, its alarms as JSON (only JSON can type their details). In a storm
 * a group holds thousands of meters, and on RocksDB the state is written and read whole on each change: each member
 * is a few fixed fields, not a JSON object. State written as JSON by an older job (it begins with the JSON's length,
 * never negative) is still read.
 */
public final class RollUpStateCodec implements ValueCodec<RollUpState> {

    private static final long serialVersionUID = 1L;
    /** Where JSON state began with its length, binary state begins with this. */
    private static final int BINARY = -1;
    private static final ScopeLevel[] LEVELS = ScopeLevel.values();
    private static final Severity[] SEVERITIES = Severity.values();
    private static final PartyType[] PARTIES = PartyType.values();

    private final AlarmJsonCodec alarms = new AlarmJsonCodec();

    @Override
    public Class<RollUpState> type() {
        return RollUpState.class;
    }

    @Override
    public void write(RollUpState state, DataOutputView out) throws IOException {
        out.writeInt(BINARY);
        writeNullableInstant(state.heldSince(), out);
        writeOutages(state.held(), out);
        writeOutages(state.alone(), out);
        out.writeInt(state.groups().size());
        for (Group group : state.groups()) {
            writeGroup(group, out);
        }
        out.writeInt(state.nested().size());
        for (Nested nested : state.nested()) {
            alarms.write(nested.raised(), out);
            writeMembers(nested.members(), out);
        }
    }

    @Override
    public RollUpState read(DataInputView in) throws IOException {
        int first = in.readInt();
        if (first != BINARY) {
            byte[] json = new byte[first];
            in.readFully(json);
            return Json.mapper().readValue(json, RollUpState.class);
        }
        Instant heldSince = readNullableInstant(in);
        List<MeterAlarm> held = readOutages(in);
        List<MeterAlarm> alone = readOutages(in);
        int groupCount = in.readInt();
        List<Group> groups = new ArrayList<>(groupCount);
        for (int g = 0; g < groupCount; g++) {
            groups.add(readGroup(in));
        }
        int nestedCount = in.readInt();
        List<Nested> nested = new ArrayList<>(nestedCount);
        for (int n = 0; n < nestedCount; n++) {
            nested.add(new Nested(alarms.read(in), readMembers(in)));
        }
        return new RollUpState(held, alone, groups, nested, heldSince);
    }

    private void writeOutages(List<MeterAlarm> outages, DataOutputView out) throws IOException {
        out.writeInt(outages.size());
        for (MeterAlarm outage : outages) {
            alarms.write(outage.alarm(), out);
            out.writeUTF(outage.meterId());
            MeterRecordCodec.writeNullable(outage.feederId(), out);
            MeterRecordCodec.writeNullable(outage.substationId(), out);
        }
    }

    private List<MeterAlarm> readOutages(DataInputView in) throws IOException {
        int count = in.readInt();
        List<MeterAlarm> outages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Alarm alarm = alarms.read(in);
            outages.add(new MeterAlarm(alarm, in.readUTF(), MeterRecordCodec.readNullable(in),
                    MeterRecordCodec.readNullable(in)));
        }
        return outages;
    }

    private static void writeGroup(Group group, DataOutputView out) throws IOException {
        out.writeByte(group.level().ordinal());
        out.writeUTF(group.scopeId());
        out.writeUTF(group.alarmId());
        out.writeUTF(group.rule());
        out.writeByte(group.severity().ordinal());
        MeterRecordCodec.writeInstant(group.startTime(), out);
        out.writeInt(group.recipients().size());
        for (Recipient recipient : group.recipients()) {
            out.writeByte(recipient.type().ordinal());
            out.writeUTF(recipient.id());
        }
        writeMembers(group.members(), out);
        writeNullableInstant(group.updateDue(), out);
        writeNullableInstant(group.nestedCheckAt(), out);
        out.writeInt(group.nestedMeterIds().size());
        for (String meterId : group.nestedMeterIds()) {
            out.writeUTF(meterId);
        }
        writeNullableInstant(group.sentAt(), out);
        out.writeInt(group.membersBack());
        writeNullableInstant(group.lastBack(), out);
    }

    private static Group readGroup(DataInputView in) throws IOException {
        ScopeLevel level = LEVELS[in.readByte()];
        String scopeId = in.readUTF();
        String alarmId = in.readUTF();
        String rule = in.readUTF();
        Severity severity = SEVERITIES[in.readByte()];
        Instant start = MeterRecordCodec.readInstant(in);
        int recipientCount = in.readInt();
        List<Recipient> recipients = new ArrayList<>(recipientCount);
        for (int r = 0; r < recipientCount; r++) {
            recipients.add(new Recipient(PARTIES[in.readByte()], in.readUTF()));
        }
        List<Member> members = readMembers(in);
        Instant updateDue = readNullableInstant(in);
        Instant nestedCheckAt = readNullableInstant(in);
        int nestedCount = in.readInt();
        List<String> nestedMeterIds = new ArrayList<>(nestedCount);
        for (int n = 0; n < nestedCount; n++) {
            nestedMeterIds.add(in.readUTF());
        }
        Instant sentAt = readNullableInstant(in);
        int membersBack = in.readInt();
        return new Group(level, scopeId, alarmId, rule, severity, start, recipients, members, updateDue, nestedCheckAt,
                nestedMeterIds, sentAt, membersBack, readNullableInstant(in));
    }

    private static void writeMembers(List<Member> members, DataOutputView out) throws IOException {
        out.writeInt(members.size());
        for (Member member : members) {
            out.writeUTF(member.meterId());
            MeterRecordCodec.writeNullable(member.feederId(), out);
            MeterRecordCodec.writeNullable(member.substationId(), out);
            MeterRecordCodec.writeInstant(member.start(), out);
            writeNullableInstant(member.restoredAt(), out);
        }
    }

    private static List<Member> readMembers(DataInputView in) throws IOException {
        int count = in.readInt();
        List<Member> members = new ArrayList<>(count);
        for (int m = 0; m < count; m++) {
            members.add(new Member(in.readUTF(), MeterRecordCodec.readNullable(in), MeterRecordCodec.readNullable(in),
                    MeterRecordCodec.readInstant(in), readNullableInstant(in)));
        }
        return members;
    }

    private static void writeNullableInstant(Instant instant, DataOutputView out) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            MeterRecordCodec.writeInstant(instant, out);
        }
    }

    private static Instant readNullableInstant(DataInputView in) throws IOException {
        return in.readBoolean() ? MeterRecordCodec.readInstant(in) : null;
    }
}
