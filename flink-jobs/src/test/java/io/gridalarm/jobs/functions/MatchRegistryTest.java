package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.ReadLimits;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.RejectReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry join by meter: records meet the row valid at their time, wait a bounded time for a meter not yet
 * heard of, and each change of a meter's history reaches every location its rows name; re-delivered events are
 * dropped; nothing is kept for a meter removed from the registry.
 */
class MatchRegistryTest {

    private static final Instant MORNING = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant AFTERNOON = Instant.parse("2026-11-20T15:00:00Z");
    private static final RegistryRow WITH_ALFA = new RegistryRow("M1", Fuel.ELECTRICITY, "F1", "S1", "10", "ALFA",
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final RegistryRow WITH_CHRL = new RegistryRow("M1", Fuel.ELECTRICITY, "F1", "S1", "10", "CHRL",
            Instant.parse("2026-11-20T12:00:00Z"));
    private static final RegistryRow MOVED = new RegistryRow("M1", Fuel.ELECTRICITY, "F7", "S7", "10", "CHRL",
            Instant.parse("2026-11-21T00:00:00Z"));
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final Duration HORIZON = Duration.ofDays(7);

    private static KeyedTwoInputStreamOperatorTestHarness<String, ParsedInput, MeterHistory,
            MeterRecord> harness(
            ReadLimits limits) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new MatchRegistry<>(limits, WAIT, HORIZON, true),
                ParsedInput::meterId, MeterHistory::meterId, Types.STRING);
    }

    private static ParsedInput tamper(String eventId, Instant time) {
        return new ParsedInput(new MeterEvent(eventId, "M1", null, "0x8F3F", time, null, null, null), null, null,
                null, new NumberedLine("events.jsonl", 3, ("{\"eventId\":\"" + eventId + "\"}")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private static ParsedInput read(Instant start, double kwh) {
        return new ParsedInput(null, new IntervalRead("M1", null, start, 30, kwh, null, null, null, null), null,
                null, new NumberedLine("reads.jsonl", 9, "{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static List<DeadLetter> deadLetters(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> h) {
        var output = h.getSideOutput(MatchRegistry.DEAD_LETTERS);
        return output == null ? List.of() : output.stream().map(StreamRecord::getValue).toList();
    }

    private static List<MeterRecord> output(
            KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, MeterRecord> h) {
        return h.extractOutputValues();
    }

    private static List<MeterRecord> locations(
            KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, MeterRecord> h) {
        return output(h).stream().filter(MeterRecord::isRegistry).toList();
    }

    private static List<MeterRecord> events(
            KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, MeterRecord> h) {
        return output(h).stream().filter(MeterRecord::isEvent).toList();
    }

    @Test
    void eachRecordMeetsTheRowValidAtItsTime() throws Exception {
        try (var h = harness(ReadLimits.NONE)) {
            h.processElement2(new MeterHistory("M1", List.of(WITH_CHRL, WITH_ALFA)), Long.MIN_VALUE);
            h.processElement1(tamper("t1", MORNING), MORNING.toEpochMilli());
            h.processElement1(tamper("t2", AFTERNOON), AFTERNOON.toEpochMilli());
            h.processElement1(read(MORNING, 0.4), MORNING.toEpochMilli());
            assertEquals(List.of("ALFA", "CHRL"), events(h).stream()
                    .map(record -> record.meter().supplier()).toList(), "the supplier changed at midday");
            assertEquals(1, output(h).stream().filter(r -> r.read() != null).count());
            assertEquals(List.of("substation/S1"), locations(h).stream()
                    .map(news -> news.meter().substationId()).map(s -> "substation/" + s).toList());
        }
    }

    @Test
    void aRecordBeforeItsMetersRowWaitsForItThenNothingIsLeftWaiting() throws Exception {
        try (var h = harness(ReadLimits.NONE)) {
            h.setProcessingTime(1_000);
            h.processElement1(tamper("t1", MORNING), MORNING.toEpochMilli());
            assertTrue(events(h).isEmpty());
            assertEquals(1, h.numProcessingTimeTimers());
            h.setProcessingTime(30_000);
            h.processElement2(new MeterHistory("M1", List.of(WITH_ALFA)), Long.MIN_VALUE);
            assertEquals(1, events(h).size(), "matched as soon as its row came");
            List<Long> stamps = h.getOutput().stream().filter(o -> o instanceof StreamRecord<?>)
                    .map(o -> (StreamRecord<?>) o).filter(r -> r.getValue() instanceof MeterRecord m
                            && m.isEvent())
                    .map(StreamRecord::getTimestamp).toList();
            assertEquals(List.of(MORNING.toEpochMilli()), stamps, "stamped with its own time, not its row's");
            assertEquals(0, h.numProcessingTimeTimers());
            assertEquals(3, h.numKeyedStateEntries(), "only the meter's history and its event (the id, the oldest "
                    + "time) are kept");
            h.setProcessingTime(120_000);
            assertTrue(deadLetters(h).isEmpty());
        }
    }

    @Test
    void aMeterNeverHeardOfIsDeadLetteredAfterTheWaitAsItArrived() throws Exception {
        try (var h = harness(ReadLimits.NONE)) {
            h.setProcessingTime(0);
            h.processElement1(tamper("t1", MORNING), MORNING.toEpochMilli());
            h.processElement1(tamper("t2", AFTERNOON), AFTERNOON.toEpochMilli());
            h.setProcessingTime(WAIT.toMillis() - 1);
            assertTrue(deadLetters(h).isEmpty(), "still within the wait");
            h.setProcessingTime(WAIT.toMillis());
            List<DeadLetter> dead = deadLetters(h);
            assertEquals(2, dead.size());
            assertEquals(RejectReason.UNKNOWN_METER, dead.get(0).reason());
            assertEquals("meter M1 is not in the registry", dead.get(0).message());
            assertEquals("events.jsonl", dead.get(0).source());
            assertEquals("{\"eventId\":\"t1\"}", dead.get(0).text());
            assertEquals(0, h.numProcessingTimeTimers());
            assertEquals(0, h.numKeyedStateEntries(), "nothing is kept for a meter never heard of");
        }
    }

    @Test
    void aRecordThatCameByItsLinesPlaceIsDeadLetteredWithTheLineReadAgainFromItsFile(@TempDir Path dir)
            throws Exception {
        String unknown = "{\"eventId\":\"t9\",\"meterId\":\"M1\"}";
        byte[] file = ("{\"eventId\":\"t8\"}\r\n" + unknown + "\r\n{\"eventId\":\"t10\"}")
                .getBytes(StandardCharsets.UTF_8);
        Path events = Files.write(dir.resolve("events.jsonl"), file);
        NumberedLine whole = new NumberedLine(events.toString(), 2, 18, unknown.getBytes(StandardCharsets.UTF_8));
        ParsedInput byPlace = tamper("t9", MORNING).from(whole.byPlace());
        assertFalse(byPlace.line().hasBytes(), "the record travels without its line's bytes");
        try (var h = harness(ReadLimits.NONE)) {
            h.setProcessingTime(0);
            h.processElement1(byPlace, MORNING.toEpochMilli());
            h.setProcessingTime(WAIT.toMillis());
            DeadLetter dead = deadLetters(h).get(0);
            assertEquals(RejectReason.UNKNOWN_METER, dead.reason());
            assertEquals(unknown, dead.text(), "read again at its offset, without the line ending");
            assertEquals(2, dead.line());
            assertEquals(events.toString(), dead.source());
        }
    }

    @Test
    void aRemovedMeterLeavesNoStateItsLocationIsToldAndItsLaterRecordsAreDeadLettered() throws Exception {
        try (var h = harness(ReadLimits.NONE)) {
            h.setProcessingTime(0);
            h.processElement2(new MeterHistory("M1", List.of(WITH_ALFA)), Long.MIN_VALUE);
            h.processElement2(MeterHistory.removed("M1"), Long.MIN_VALUE);
            assertEquals(0, h.numKeyedStateEntries());
            MeterRecord gone = locations(h).get(1);
            assertTrue(gone.registry().isRemoved());
            assertEquals("S1", gone.meter().substationId(), "told to the location the meter was in");
            h.processElement1(tamper("t1", AFTERNOON), AFTERNOON.toEpochMilli());
            h.setProcessingTime(WAIT.toMillis());
            assertEquals(RejectReason.UNKNOWN_METER, deadLetters(h).get(0).reason());
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numProcessingTimeTimers());
        }
    }

    @Test
    void aMeterMovedToAnotherSubstationIsKnownToBothAndTheSameHistoryTwiceChangesNothing() throws Exception {
        try (var h = harness(ReadLimits.NONE)) {
            MeterHistory before = new MeterHistory("M1", List.of(WITH_ALFA));
            MeterHistory moved = new MeterHistory("M1", List.of(WITH_ALFA, MOVED));
            h.processElement2(before, Long.MIN_VALUE);
            h.processElement2(moved, Long.MIN_VALUE);
            h.processElement2(moved, Long.MIN_VALUE);
            List<MeterRecord> news = locations(h);
            assertEquals(3, news.size(), "S1 once, then S1 and S7 with the new history; the repeat sends nothing");
            assertEquals(List.of("S1", "S1", "S7"), news.stream().map(n -> n.meter().substationId()).toList());
            assertEquals(moved, news.get(2).registry());
        }
    }

    @Test
    void aJoinThatDoesNotAnnounceTellsNoLocation() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new MatchRegistry<>(ReadLimits.NONE, WAIT, HORIZON, false), ParsedInput::meterId,
                MeterHistory::meterId, Types.STRING)) {
            h.processElement2(new MeterHistory("M1", List.of(WITH_ALFA)), Long.MIN_VALUE);
            h.processElement1(read(MORNING, 0.4), MORNING.toEpochMilli());
            assertEquals(List.of(false), output(h).stream().map(MeterRecord::isRegistry).toList(),
                    "the reads' join: only the read");
        }
    }

    @Test
    void aReDeliveredEventIsDroppedAndItsIdForgottenOnceTheMetersEventsAreBeyondTheHorizon() throws Exception {
        try (var h = harness(ReadLimits.NONE)) {
            h.processElement2(new MeterHistory("M1", List.of(WITH_ALFA)), Long.MIN_VALUE);
            h.processElement1(tamper("t1", MORNING), MORNING.toEpochMilli());
            h.processElement1(tamper("t1", MORNING), MORNING.toEpochMilli());
            h.processElement1(tamper("t2", MORNING), MORNING.toEpochMilli());
            assertEquals(List.of("t1", "t2"), events(h).stream().map(r -> r.event().eventId()).toList());
            Instant muchLater = MORNING.plus(HORIZON).plusSeconds(1);
            h.processElement1(tamper("t3", muchLater), muchLater.toEpochMilli());
            h.processElement1(tamper("t1", MORNING), MORNING.toEpochMilli());
            assertEquals(List.of("t1", "t2", "t3", "t1"), events(h).stream().map(r -> r.event().eventId()).toList(),
                    "t1 was forgotten once the meter's events were beyond the horizon");
        }
    }

    @Test
    void aDuplicateHorizonMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MatchRegistry<>(ReadLimits.NONE, WAIT, Duration.ZERO, true));
        assertEquals("The duplicate horizon must be a positive duration, not PT0S.", e.getMessage());
    }

    @Test
    void aReadBeyondWhatItsSupplyCanDeliverIsImplausibleWithTheLimitItBroke() throws Exception {
        try (var h = harness(new ReadLimits(69.0, 70.0))) {
            h.processElement2(new MeterHistory("M1", List.of(WITH_ALFA)), Long.MIN_VALUE);
            // A real SMETS2 export: the register wrapped round, about 65.5 kWh in one half hour.
            h.processElement1(read(MORNING, 65.536), MORNING.toEpochMilli());
            h.processElement1(read(MORNING.plusSeconds(1800), 34.5), MORNING.toEpochMilli());
            assertEquals(1, output(h).stream().filter(r -> r.read() != null).count(),
                    "34.5 kWh in half an hour is 69 kW");
            DeadLetter letter = deadLetters(h).get(0);
            assertEquals(RejectReason.IMPLAUSIBLE_VALUE, letter.reason());
            assertEquals(9, letter.line());
            assertEquals("importKwh 65.536 kWh in 30 minutes is beyond the 34.5 kWh that an electricity supply of at "
                    + "most 69.0 kW can deliver", letter.message());
        }
    }
}
