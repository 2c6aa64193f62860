package io.gridalarm.jobs.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.Json;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.ServiceResponse;
import io.gridalarm.model.Severity;
import io.gridalarm.jobs.functions.Deadlines;
import io.gridalarm.rules.MeterAlarm;
import io.gridalarm.rules.RollUpState;
import io.gridalarm.rules.VoltageRollUp;
import io.gridalarm.rules.VoltageRollUpState;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values survive the codecs unchanged, and a snapshot restores a serializer that reads them. */
class CodecSerializerTest {

    private static final RegistryRow GAS = new RegistryRow("7312345678", Fuel.GAS, null, null, "NGN", "BRVO",
            Instant.parse("2026-01-01T00:00:00Z"));
    private static final RegistryRow ELECTRIC = new RegistryRow("1200012345678", Fuel.ELECTRICITY, "F1", "S1", "12",
            "ALFA", Instant.parse("2026-01-01T00:00:00.5Z"));

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertEquals(out.length(), copied.length(), "copying bytes keeps them");
        return serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()));
    }

    /** A meter's alarm raised at the instant for network operator 12. */
    private static Alarm raisedForOperator(String kind, String meterId, Instant t, Map<String, Object> details) {
        return new Alarm("id", kind, Severity.MAJOR, AlarmStatus.RAISED, Scope.meter(meterId), List.of(meterId), 1, t,
                t, List.of(Recipient.networkOperator("12")), "rule", "set@1.0.0", details);
    }

    /** The JSON a JSON codec writes for the value (after its length). */
    private static <T> String jsonOf(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return new String(Arrays.copyOfRange(out.getCopyOfBuffer(), Integer.BYTES, out.length()),
                StandardCharsets.UTF_8);
    }

    /** The value a JSON codec reads from the JSON, as a job restored from older state would. */
    private static <T> T fromJson(TypeSerializer<T> serializer, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(bytes.length);
        out.write(bytes);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void meterRecordsOfEveryShapeRoundTrip() throws IOException {
        TypeSerializer<MeterRecord> serializer = GridAlarmTypes.METER_RECORD.createSerializer(new SerializerConfigImpl());
        List<MeterRecord> records = List.of(
                MeterRecord.of(new MeterEvent("e1", ELECTRIC.meterId(), null, "0x8F57",
                        Instant.parse("2026-11-20T10:15:30.123Z"), 2, 251.5, 180L), ELECTRIC),
                MeterRecord.of(new MeterEvent("e2", GAS.meterId(), Fuel.GAS, "0x81B4",
                        Instant.parse("2026-11-20T10:15:30Z"), null, null, null), GAS),
                MeterRecord.of(new IntervalRead(ELECTRIC.meterId(), Fuel.ELECTRICITY, Instant.parse("2026-11-20T10:00:00Z"),
                        30, 0.31, 0.0, 229.1, 236.2, 241.0), ELECTRIC),
                MeterRecord.of(new IntervalRead(GAS.meterId(), null, Instant.parse("2026-11-20T10:00:00Z"), 60, 1.5, null,
                        null, null, null), GAS),
                MeterRecord.of(new IntervalRead(ELECTRIC.meterId(), null, Instant.parse("2026-11-20T10:00:00Z"), 30, 0.2,
                        null, null, null, null), ELECTRIC).withReceivedAt(Instant.parse("2026-11-21T02:00:00.020Z")),
                MeterRecord.of(new MeterEvent("e3", ELECTRIC.meterId(), null, "0x8F35",
                        Instant.parse("2026-11-20T10:15:30Z"), null, null, null), ELECTRIC)
                        .withReceivedAt(Instant.parse("2026-11-20T10:15:33Z")),
                MeterRecord.readsThrough(GAS, Instant.parse("2026-11-20T12:00:00Z")),
                MeterRecord.of(new ServiceRequest("r-1", ELECTRIC.meterId(), "ALFA", DccRole.IMPORT_SUPPLIER,
                        DuisService.UPDATE_LOAD_LIMIT, Instant.parse("2026-11-20T10:00:00Z"),
                        Instant.parse("2026-11-20T12:00:00Z")), ELECTRIC)
                        .withReceivedAt(Instant.parse("2026-11-20T10:00:01Z")),
                MeterRecord.of(new ServiceRequest("r-2", GAS.meterId(), "NGN", DccRole.GAS_TRANSPORTER,
                        DuisService.READ_SUPPLY_STATUS, Instant.parse("2026-11-20T10:00:00Z"), null), GAS),
                MeterRecord.of(new ServiceResponse("r-1", ELECTRIC.meterId(), "E21",
                        Instant.parse("2026-11-20T12:00:40Z")), ELECTRIC));
        for (MeterRecord record : records) {
            assertEquals(record, roundTrip(serializer, record));
        }
    }

    @Test
    void parsedServiceMessagesRoundTripWithTheirLines() throws IOException {
        TypeSerializer<ParsedInput> serializer = GridAlarmTypes.PARSED_INPUT.createSerializer(
                new SerializerConfigImpl());
        NumberedLine line = new NumberedLine("requests.jsonl", 7, "{}".getBytes(StandardCharsets.UTF_8));
        ParsedInput request = new ParsedInput(null, null, new ServiceRequest("r-1", ELECTRIC.meterId(), "ALFA",
                DccRole.IMPORT_SUPPLIER, DuisService.DISABLE_SUPPLY, Instant.parse("2026-11-20T10:00:00Z"), null),
                Instant.parse("2026-11-20T10:00:02Z"), line);
        ParsedInput response = new ParsedInput(null, null, new ServiceResponse("r-1", ELECTRIC.meterId(), "SUCCESS",
                Instant.parse("2026-11-20T10:00:40Z")), null, null);
        for (ParsedInput input : List.of(request, response)) {
            ParsedInput back = roundTrip(serializer, input);
            assertEquals(input.service(), back.service());
            assertEquals(input.receivedAt(), back.receivedAt());
            assertEquals(input.kind(), back.kind());
            assertEquals(input.line() == null ? null : input.line().text(),
                    back.line() == null ? null : back.line().text());
        }
    }

    @Test
    void parsedReadsRoundTripWithTheirLinesWholeOrByPlaceAndTheFormBeforePlacesStillReads() throws IOException {
        TypeSerializer<ParsedInput> serializer = GridAlarmTypes.PARSED_INPUT.createSerializer(
                new SerializerConfigImpl());
        IntervalRead read = new IntervalRead(ELECTRIC.meterId(), Fuel.ELECTRICITY,
                Instant.parse("2026-11-20T10:00:00Z"), 30, 0.2, null, 239.0, 240.0, 241.0);
        byte[] text = "{\"meterId\":\"m\"}".getBytes(StandardCharsets.UTF_8);
        NumberedLine inFile = new NumberedLine("/data/reads.jsonl", 12, 4_096, text);
        for (NumberedLine line : List.of(new NumberedLine("interval-reads-0", 12, text), inFile, inFile.byPlace())) {
            NumberedLine back = roundTrip(serializer, new ParsedInput(null, read, null, null, line)).line();
            assertEquals(List.of(line.source(), line.line(), line.offset(), line.hasBytes()),
                    List.of(back.source(), back.line(), back.offset(), back.hasBytes()));
            assertEquals(line.hasBytes() ? line.text() : null, back.hasBytes() ? back.text() : null);
        }
        DataOutputSerializer before = new DataOutputSerializer(64);
        before.writeByte(4);
        before.writeUTF(read.meterId());
        MeterRecordCodec.writeRead(read, before);
        before.writeUTF("reads.jsonl");
        before.writeLong(12);
        before.writeInt(text.length);
        before.write(text);
        ParsedInput old = serializer.deserialize(new DataInputDeserializer(before.getCopyOfBuffer()));
        assertEquals(read, old.read());
        assertEquals(List.of("reads.jsonl", 12L, NumberedLine.NOT_IN_A_FILE, "{\"meterId\":\"m\"}"),
                List.of(old.line().source(), old.line().line(), old.line().offset(), old.line().text()),
                "a line written before lines had places (a checkpoint's waiting record) reads whole");
    }

    @Test
    void alarmsRoundTripWithTheirDetails() throws IOException {
        TypeSerializer<Alarm> serializer = GridAlarmTypes.ALARM.createSerializer(new SerializerConfigImpl());
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        Alarm alarm = new Alarm("id", "SAFETY", Severity.CRITICAL, AlarmStatus.RAISED, Scope.meter("m1"), List.of("m1"),
                1, t, t, List.of(Recipient.supplier("ALFA")), "rule", "set@1.0.0",
                Map.of("volts", 251.5, "code", "0x8010", "phase", 2, "list", List.of("a", "b")));
        assertEquals(alarm, roundTrip(serializer, alarm));
    }

    @Test
    void aVoltageRollUpStateRoundTripsWithItsHeldAloneAndAssetAlarms() throws IOException {
        TypeSerializer<VoltageRollUpState> serializer =
                GridAlarmTypes.VOLTAGE_STATE.createSerializer(new SerializerConfigImpl());
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        Alarm raised = raisedForOperator("EXTREME_VOLTAGE", "m1", t,
                Map.of("highestVolts", 258.5, "direction", "HIGH"));
        MeterAlarm m1 = new MeterAlarm(raised, "m1", "F1", "S1");
        VoltageRollUpState state = new VoltageRollUpState(
                List.of(new VoltageRollUpState.Held(m1, VoltageRollUp.Clock.READS)), List.of(m1),
                List.of(new VoltageRollUpState.AssetExcursion("EXTREME_VOLTAGE", ScopeLevel.FEEDER, "F1", "g1",
                        "LV feeder voltage out of range", Severity.MAJOR, t, List.of(Recipient.networkOperator("12")),
                        List.of(m1), List.of("m1"), VoltageRollUp.Clock.READS, t.plusSeconds(1800))));
        assertEquals(state, roundTrip(serializer, state), "a restored job must read its voltage roll-up back");
    }

    @Test
    void aVoltageRollUpStateKeptBeforeAssetAlarmsRecordedTheirClockAndShrinkReadsBackWithNeither()
            throws IOException {
        TypeSerializer<VoltageRollUpState> serializer =
                GridAlarmTypes.VOLTAGE_STATE.createSerializer(new SerializerConfigImpl());
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        VoltageRollUpState state = new VoltageRollUpState(List.of(), List.of(),
                List.of(new VoltageRollUpState.AssetExcursion("EXTREME_VOLTAGE", ScopeLevel.FEEDER, "F1", "g1",
                        "LV feeder voltage out of range", Severity.MAJOR, t, List.of(), List.of(), List.of("m1"),
                        VoltageRollUp.Clock.ALERTS, t)));
        String older = jsonOf(serializer, state).replace(",\"clock\":\"ALERTS\"", "")
                .replace(",\"shrunkSince\":\"" + t + "\"", "");
        assertFalse(older.contains("clock") || older.contains("shrunkSince"), older);
        VoltageRollUpState.AssetExcursion back = fromJson(serializer, older).groups().get(0);
        assertNull(back.clock());
        assertNull(back.shrunkSince());
        assertEquals("g1", back.alarmId());
    }

    @Test
    void anOutageRollUpStateRoundTripsAndOneKeptAsJsonBeforeItsCountsReadsBackCounted() throws IOException {
        TypeSerializer<RollUpState> serializer =
                GridAlarmTypes.ROLL_UP_STATE.createSerializer(new SerializerConfigImpl());
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        Alarm raised = raisedForOperator("OUTAGE", "m3", t,
                Map.of("confirmedAfterMinutes", 3, "volts", 0.5, "code", "AD1", "list", List.of("a", "b")));
        RollUpState.Group group = new RollUpState.Group(ScopeLevel.FEEDER, "F1", "g1", "feeder outage",
                Severity.MAJOR, t, List.of(Recipient.networkOperator("12")),
                List.of(new RollUpState.Member("m1", "F1", "S1", t, t.plusSeconds(600)),
                        new RollUpState.Member("m2", "F1", "S1", t, null)),
                null, null, List.of(), t, null, null, null, null);
        assertEquals(1, group.membersBack(), "counted from its members when given whole");
        assertEquals(t.plusSeconds(600), group.lastBack());
        RollUpState.Nested sent = new RollUpState.Nested(raised,
                List.of(new RollUpState.Member("m5", null, null, t, null)), null);
        RollUpState.Nested waiting = new RollUpState.Nested(raised,
                List.of(new RollUpState.Member("m6", "F3", "S1", t, null)), t.plusSeconds(3600));
        RollUpState withWaiting = new RollUpState(List.of(), List.of(), List.of(group), List.of(sent, waiting), null);
        assertEquals(withWaiting, roundTrip(serializer, withWaiting),
                "a nested outage waiting to be raised reads back with when");
        RollUpState state = new RollUpState(List.of(new MeterAlarm(raised, "m3", "F2", "S1")),
                List.of(new MeterAlarm(raised, "m4", null, null)), List.of(group), List.of(sent), null);
        assertEquals(t, state.heldSince(), "the earliest held alarm");
        assertEquals(state, roundTrip(serializer, state), "a restored job must read its outage roll-up back");
        RollUpState.Group counted = new RollUpState.Group(ScopeLevel.FEEDER, "F1", "g1", "feeder outage",
                Severity.MAJOR, t, group.recipients(), group.members(), null, null, List.of(), t, null, null, 2, 0);
        RollUpState sentCounted = new RollUpState(List.of(), List.of(), List.of(counted), List.of(), null);
        assertEquals(sentCounted, roundTrip(serializer, sentCounted), "a group's counts when last sent read back");

        // An older job wrote the binary form without the groups' counts when last sent (marker -3): they are the
        // eight bytes before the nested outages' count, the last four.
        byte[] bytes = bytesOf(serializer, new RollUpState(List.of(), List.of(), List.of(group), List.of(), null));
        DataOutputSerializer withoutCounts = new DataOutputSerializer(256);
        withoutCounts.writeInt(-3);
        withoutCounts.write(bytes, 4, bytes.length - 16);
        withoutCounts.write(bytes, bytes.length - 4, 4);
        assertEquals(new RollUpState(List.of(), List.of(), List.of(group), List.of(), null),
                serializer.deserialize(new DataInputDeserializer(withoutCounts.getCopyOfBuffer())),
                "state in the form before the counts reads back, every change of its groups worth an UPDATED");

        // Older still, without the nested outages' raise time (marker -2, and no such field: nested outages are
        // written last, and this one's was one byte, false).
        RollUpState nestedOnly = new RollUpState(List.of(), List.of(), List.of(), List.of(sent), null);
        bytes = bytesOf(serializer, nestedOnly);
        DataOutputSerializer previous = new DataOutputSerializer(256);
        previous.writeInt(-2);
        previous.write(bytes, 4, bytes.length - 5);
        assertEquals(nestedOnly, serializer.deserialize(new DataInputDeserializer(previous.getCopyOfBuffer())),
                "state in that binary form reads back, its nested outages all raised");

        // An older job kept the roll-up as JSON, and kept no counts.
        String older = Json.mapper().writeValueAsString(state)
                .replaceAll(",\"(membersBack|lastBack|heldSince|raiseAt)\":(\\d+|null|\"[^\"]*\")", "");
        assertFalse(older.contains("membersBack") || older.contains("lastBack") || older.contains("heldSince")
                || older.contains("raiseAt"), older);
        assertEquals(state, fromJson(serializer, older),
                "state kept as JSON by a job that did not count its members reads back with its counts");

        DataOutputSerializer unknown = new DataOutputSerializer(8);
        unknown.writeInt(-7);
        IOException refused = assertThrows(IOException.class,
                () -> serializer.deserialize(new DataInputDeserializer(unknown.getCopyOfBuffer())));
        assertTrue(refused.getMessage().contains("unknown form"), refused.getMessage());
    }

    private static <T> byte[] bytesOf(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void deadlinesRoundTripInTimeOrder() throws IOException {
        TypeSerializer<Deadlines> serializer = GridAlarmTypes.DEADLINES.createSerializer(new SerializerConfigImpl());
        Deadlines deadlines = new Deadlines(List.of(new Deadlines.Deadline(20L, "m1"),
                new Deadlines.Deadline(10L, "m2"), new Deadlines.Deadline(10L, "m1")));
        Deadlines back = roundTrip(serializer, deadlines);
        assertEquals(deadlines, back);
        assertEquals(List.of(new Deadlines.Deadline(10L, "m1"), new Deadlines.Deadline(10L, "m2"),
                new Deadlines.Deadline(20L, "m1")), back.entries());
        assertEquals(List.of(new Deadlines.Deadline(10L, "m2")), back.without("m1").entries(),
                "a meter's deadlines are found by meter in state read back");
    }

    @Test
    void aSnapshotRestoresTheSameCodecAndIsCompatible() throws IOException {
        TypeSerializer<MeterRecord> serializer = GridAlarmTypes.METER_RECORD.createSerializer(new SerializerConfigImpl());
        TypeSerializerSnapshot<MeterRecord> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<MeterRecord> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertEquals(serializer, restored.restoreSerializer());
        assertTrue(snapshot.resolveSchemaCompatibility(restored).isCompatibleAsIs());
        assertTrue(GridAlarmTypes.ALARM.createSerializer(new SerializerConfigImpl()).snapshotConfiguration()
                .resolveSchemaCompatibility((TypeSerializerSnapshot) restored).isIncompatible());
    }

    /** Every state type the jobs use, as {@link GridAlarmTypes} declares them. */
    static Stream<Arguments> stateTypes() throws IllegalAccessException {
        List<Arguments> types = new ArrayList<>();
        for (Field field : GridAlarmTypes.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && TypeInformation.class.isAssignableFrom(field.getType())) {
                types.add(Arguments.of(field.getName(), field.get(null)));
            }
        }
        return types.stream();
    }

    /**
     * A job restored from a checkpoint reads each state's codec back by its class name; one whose codec cannot be
     * made again there leaves the job failing over and over (as the half-hourly voltage windows once did).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stateTypes")
    void everyStateTypeRestoresItsSerializerFromASnapshot(String name, TypeInformation<Object> type)
            throws IOException {
        TypeSerializer<Object> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Object> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertEquals(serializer, restored.restoreSerializer(), name);
    }
}
