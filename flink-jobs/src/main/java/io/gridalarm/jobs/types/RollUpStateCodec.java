package io.gridalarm.jobs.types;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.Json;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Scope;
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
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A location's outage roll-up state in binary form, each alarm's fixed fields too (only its details are JSON, the one
 * form that types them). In a storm a group holds thousands of meters and a grouping window thousands of held alarms,
 * and on RocksDB the state is written and read whole on each change: each is a few fixed fields, not a JSON object.
 * State written as JSON by an older job (it begins with the JSON's length, never negative) is still read.
 */
public final class RollUpStateCodec implements ValueCodec<RollUpState> {

    private static final long serialVersionUID = 1L;
    /** Where JSON state began with its length, binary state begins with this. */
    private static final int BINARY = -4;
    /** The binary form before groups counted their meters when last sent (read, never written). */
    private static final int BINARY_WITHOUT_SENT_COUNTS = -3;
    /** The binary form before nested outages could wait to be raised as well (read, never written). */
    private static final int BINARY_WITHOUT_RAISE_AT = -2;
    private static final AlarmStatus[] STATUSES = AlarmStatus.values();
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };
    private static final ScopeLevel[] LEVELS = ScopeLevel.values();
    private static final Severity[] SEVERITIES = Severity.values();
    private static final PartyType[] PARTIES = PartyType.values();

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
            writeAlarm(nested.raised(), out);
            writeMembers(nested.members(), out);
            writeNullableInstant(nested.raiseAt(), out);
        }
    }

    @Override
    public RollUpState read(DataInputView in) throws IOException {
        int first = in.readInt();
        if (first >= 0) {
            byte[] json = new byte[first];
            in.readFully(json);
            return Json.mapper().readValue(json, RollUpState.class);
        }
        if (first != BINARY && first != BINARY_WITHOUT_SENT_COUNTS && first != BINARY_WITHOUT_RAISE_AT) {
            throw new IOException("Outage roll-up state of an unknown form (" + first + ").");
        }
        Instant heldSince = readNullableInstant(in);
        List<MeterAlarm> held = readOutages(in);
        List<MeterAlarm> alone = readOutages(in);
        int groupCount = in.readInt();
        List<Group> groups = new ArrayList<>(groupCount);
        for (int g = 0; g < groupCount; g++) {
            groups.add(readGroup(in, first == BINARY));
        }
        int nestedCount = in.readInt();
        List<Nested> nested = new ArrayList<>(nestedCount);
        for (int n = 0; n < nestedCount; n++) {
            nested.add(new Nested(readAlarm(in), readMembers(in),
                    first != BINARY_WITHOUT_RAISE_AT ? readNullableInstant(in) : null));
        }
        return new RollUpState(held, alone, groups, nested, heldSince);
    }

    private static void writeOutages(List<MeterAlarm> outages, DataOutputView out) throws IOException {
        out.writeInt(outages.size());
        for (MeterAlarm outage : outages) {
            writeAlarm(outage.alarm(), out);
            out.writeUTF(outage.meterId());
            MeterRecordCodec.writeNullable(outage.feederId(), out);
            MeterRecordCodec.writeNullable(outage.substationId(), out);
        }
    }

    private static List<MeterAlarm> readOutages(DataInputView in) throws IOException {
        int count = in.readInt();
        List<MeterAlarm> outages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Alarm alarm = readAlarm(in);
            outages.add(new MeterAlarm(alarm, in.readUTF(), MeterRecordCodec.readNullable(in),
                    MeterRecordCodec.readNullable(in)));
        }
        return outages;
    }

    private static void writeAlarm(Alarm alarm, DataOutputView out) throws IOException {
        out.writeUTF(alarm.alarmId());
        out.writeUTF(alarm.kind());
        out.writeByte(alarm.severity().ordinal());
        out.writeByte(alarm.status().ordinal());
        out.writeByte(alarm.scope().level().ordinal());
        out.writeUTF(alarm.scope().id());
        writeStrings(alarm.meterIds(), out);
        out.writeInt(alarm.meterCount());
        MeterRecordCodec.writeInstant(alarm.startTime(), out);
        MeterRecordCodec.writeInstant(alarm.time(), out);
        writeRecipients(alarm.recipients(), out);
        out.writeUTF(alarm.rule());
        out.writeUTF(alarm.ruleSet());
        byte[] details = alarm.details().isEmpty() ? new byte[0] : Json.mapper().writeValueAsBytes(alarm.details());
        out.writeInt(details.length);
        out.write(details);
    }

    private static Alarm readAlarm(DataInputView in) throws IOException {
        String alarmId = in.readUTF();
        String kind = in.readUTF();
        Severity severity = SEVERITIES[in.readByte()];
        AlarmStatus status = STATUSES[in.readByte()];
        Scope scope = new Scope(LEVELS[in.readByte()], in.readUTF());
        List<String> meterIds = readStrings(in);
        int meterCount = in.readInt();
        Instant start = MeterRecordCodec.readInstant(in);
        Instant time = MeterRecordCodec.readInstant(in);
        List<Recipient> recipients = readRecipients(in);
        String rule = in.readUTF();
        String ruleSet = in.readUTF();
        byte[] details = new byte[in.readInt()];
        in.readFully(details);
        return new Alarm(alarmId, kind, severity, status, scope, meterIds, meterCount, start, time, recipients, rule,
                ruleSet, details.length == 0 ? Map.of() : Json.mapper().readValue(details, DETAILS));
    }

    private static void writeStrings(List<String> strings, DataOutputView out) throws IOException {
        out.writeInt(strings.size());
        for (String string : strings) {
            out.writeUTF(string);
        }
    }

    private static List<String> readStrings(DataInputView in) throws IOException {
        int count = in.readInt();
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            strings.add(in.readUTF());
        }
        return strings;
    }

    private static void writeRecipients(List<Recipient> recipients, DataOutputView out) throws IOException {
        out.writeInt(recipients.size());
        for (Recipient recipient : recipients) {
            out.writeByte(recipient.type().ordinal());
            out.writeUTF(recipient.id());
        }
    }

    private static List<Recipient> readRecipients(DataInputView in) throws IOException {
        int count = in.readInt();
        List<Recipient> recipients = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            recipients.add(new Recipient(PARTIES[in.readByte()], in.readUTF()));
        }
        return recipients;
    }

    private static void writeGroup(Group group, DataOutputView out) throws IOException {
        out.writeByte(group.level().ordinal());
        out.writeUTF(group.scopeId());
        out.writeUTF(group.alarmId());
        out.writeUTF(group.rule());
        out.writeByte(group.severity().ordinal());
        MeterRecordCodec.writeInstant(group.startTime(), out);
        writeRecipients(group.recipients(), out);
        writeMembers(group.members(), out);
        writeNullableInstant(group.updateDue(), out);
        writeNullableInstant(group.nestedCheckAt(), out);
        writeStrings(group.nestedMeterIds(), out);
        writeNullableInstant(group.sentAt(), out);
        out.writeInt(group.membersBack());
        writeNullableInstant(group.lastBack(), out);
        out.writeInt(group.sentMembers() == null ? -1 : group.sentMembers());
        out.writeInt(group.sentBack() == null ? -1 : group.sentBack());
    }

    private static Group readGroup(DataInputView in, boolean sentCounts) throws IOException {
        ScopeLevel level = LEVELS[in.readByte()];
        String scopeId = in.readUTF();
        String alarmId = in.readUTF();
        String rule = in.readUTF();
        Severity severity = SEVERITIES[in.readByte()];
        Instant start = MeterRecordCodec.readInstant(in);
        List<Recipient> recipients = readRecipients(in);
        List<Member> members = readMembers(in);
        Instant updateDue = readNullableInstant(in);
        Instant nestedCheckAt = readNullableInstant(in);
        List<String> nestedMeterIds = readStrings(in);
        Instant sentAt = readNullableInstant(in);
        int membersBack = in.readInt();
        Instant lastBack = readNullableInstant(in);
        Integer sentMembers = sentCounts ? nonNegativeOrNull(in.readInt()) : null;
        Integer sentBack = sentCounts ? nonNegativeOrNull(in.readInt()) : null;
        return new Group(level, scopeId, alarmId, rule, severity, start, recipients, members, updateDue, nestedCheckAt,
                nestedMeterIds, sentAt, membersBack, lastBack, sentMembers, sentBack);
    }

    private static Integer nonNegativeOrNull(int value) {
        return value < 0 ? null : value;
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
