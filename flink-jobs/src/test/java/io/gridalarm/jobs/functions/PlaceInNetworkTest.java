package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.model.AssetKind;
import io.gridalarm.model.AssetPlace;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkLocation;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.PathStep;
import io.gridalarm.model.RegistryRow;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The network join by substation: each record learns what is above its substation, which moves it to the top of
 * its tree; on a stream records wait until the network as at the start has been read, and leave at their own time.
 */
class PlaceInNetworkTest {

    private static final RegistryRow METER = new RegistryRow("M1", Fuel.ELECTRICITY, "F1", "S1", "10", "ALFA",
            Instant.parse("2025-01-01T00:00:00Z"));
    private static final NetworkPath ABOVE_S1 = new NetworkPath(List.of(new PathStep("H1", AssetKind.HV_FEEDER),
            new PathStep("P1", AssetKind.PRIMARY_SUBSTATION)));
    private static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");

    private static KeyedTwoInputStreamOperatorTestHarness<String, AssetPlace, MeterRecord, MeterRecord> harness(
            boolean stream) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new PlaceInNetwork(stream),
                place -> NetworkLocation.substationKey(place.assetId()), record -> NetworkLocation.keyOf(record.meter()),
                Types.STRING);
    }

    private static MeterRecord tamper(Instant time) {
        return MeterRecord.of(new MeterEvent("e-" + time, "M1", null, "0x8F3F", time, null, null, null), METER);
    }

    @Test
    void aRecordOnAStreamWaitsForTheNetworkAsAtTheStartThenLeavesAtItsOwnTimeAtTheTopOfItsTree() throws Exception {
        try (var h = harness(true)) {
            h.processElement2(new StreamRecord<>(tamper(TEN), TEN.toEpochMilli()));
            h.processElement1(new StreamRecord<>(new AssetPlace("S1", ABOVE_S1), Long.MIN_VALUE));
            assertEquals(List.of(), h.extractOutputValues(), "held while the network's clock holds the start");
            assertEquals(1, h.numEventTimeTimers());

            h.processWatermark1(new Watermark(TEN.toEpochMilli()));
            h.processWatermark2(new Watermark(TEN.toEpochMilli()));
            List<StreamRecord<? extends MeterRecord>> out = h.extractOutputStreamRecords();
            assertEquals(1, out.size());
            assertEquals(TEN.toEpochMilli(), out.get(0).getTimestamp(), "at its own time, not the timer's");
            assertEquals(ABOVE_S1, out.get(0).getValue().above());
            assertEquals("primary_substation/P1", NetworkLocation.keyOf(out.get(0).getValue()));
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(1, h.numKeyedStateEntries(), "only the substation's place is kept; nothing waits");

            h.processElement2(new StreamRecord<>(tamper(TEN.plusSeconds(60)), TEN.plusSeconds(60).toEpochMilli()));
            assertEquals(2, h.extractOutputValues().size(), "once the network is read, records pass at once");
        }
    }

    @Test
    void aRemovedSubstationLeavesItsMetersUnderTheirSubstationAndNothingKept() throws Exception {
        try (var h = harness(false)) {
            h.processElement1(new StreamRecord<>(new AssetPlace("S1", ABOVE_S1), Long.MIN_VALUE));
            h.processElement1(new StreamRecord<>(new AssetPlace("S1", NetworkPath.NONE), Long.MIN_VALUE));
            h.processElement2(new StreamRecord<>(tamper(TEN), TEN.toEpochMilli()));
            MeterRecord placed = h.extractOutputValues().get(0);
            assertEquals(NetworkPath.NONE, placed.above());
            assertEquals("substation/S1", NetworkLocation.keyOf(placed));
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers(), "a bounded run's records never wait");
        }
    }
}
