package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.jobs.Fixtures;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Json;
import io.gridalarm.model.ServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A network operator's supply status reads go out no closer than the spacing, in a fixed order, leaving nothing. */
class PaceStatusReadsTest {

    private static final Instant AT = Fixtures.T12_00;

    private static KeyedOneInputStreamOperatorTestHarness<String, ServiceRequest, OutputLine> harness()
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new PaceStatusReads(Duration.ofSeconds(2))), ServiceRequest::user,
                Types.STRING);
        harness.open();
        return harness;
    }

    private static ServiceRequest read(String id, String meterId, Instant time) {
        return new ServiceRequest(id, meterId, "12", DccRole.ELECTRICITY_DISTRIBUTOR,
                DuisService.READ_SUPPLY_STATUS, time, null);
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, ServiceRequest, OutputLine> h,
                             ServiceRequest request) throws Exception {
        h.processElement(request, request.time().toEpochMilli());
    }

    private static List<String> sent(KeyedOneInputStreamOperatorTestHarness<String, ServiceRequest, OutputLine> h)
            throws Exception {
        List<String> sent = new java.util.ArrayList<>();
        for (OutputLine line : h.extractOutputValues()) {
            ServiceRequest request = Json.mapper().readValue(line.text(), ServiceRequest.class);
            assertEquals(OutputLine.DCC_REQUESTS, line.bucket());
            assertEquals(request.meterId(), line.key());
            sent.add(request.requestId() + "@" + Duration.between(AT, request.time()).toSeconds());
        }
        return sent;
    }

    @Test
    void readsAskedForTogetherGoOutSpacedInRequestOrderWhateverTheirArrivalAndLeaveNoStateOrTimers()
            throws Exception {
        try (var h = harness()) {
            send(h, read("v-c", "M3", AT));
            send(h, read("v-a", "M1", AT));
            send(h, read("v-b", "M2", AT));
            send(h, read("v-d", "M4", AT.plusSeconds(3)));
            h.processWatermark(AT.toEpochMilli());
            assertEquals(List.of("v-a@0"), sent(h), "the first at once, the rest wait for their slots");
            h.processWatermark(AT.plusSeconds(4).toEpochMilli());
            assertEquals(List.of("v-a@0", "v-b@2", "v-c@4"), sent(h));
            h.processWatermark(AT.plusSeconds(60).toEpochMilli());
            assertEquals(List.of("v-a@0", "v-b@2", "v-c@4", "v-d@6"), sent(h),
                    "one asked for later still keeps its distance from the one before");
            assertEquals(0, h.numKeyedStateEntries(), "nothing waits, the spacing is over: nothing is kept");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aReadAskedForBehindTheClockGoesOutAtOnceAndReadsFarApartAreNotHeldBack() throws Exception {
        try (var h = harness()) {
            h.processWatermark(AT.toEpochMilli());
            send(h, read("v-late", "M1", AT.minusSeconds(30)));
            h.processWatermark(AT.plusMillis(1).toEpochMilli());
            send(h, read("v-next", "M2", AT.plusSeconds(100)));
            h.processWatermark(AT.plusSeconds(100).toEpochMilli());
            List<String> sent = sent(h);
            assertEquals(List.of("v-late@0", "v-next@100"), sent);
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void atTheEndOfABoundedInputEveryReadLeftGoesOutStampedWithItsSlot() throws Exception {
        try (var h = harness()) {
            send(h, read("v-b", "M2", AT));
            send(h, read("v-a", "M1", AT));
            send(h, read("v-c", "M3", AT.plusSeconds(1)));
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of("v-a@0", "v-b@2", "v-c@4"), sent(h), "the same times as a stream would give");
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void aSpacingOfNothingIsRefused() {
        assertEquals("Supply status reads need a spacing of more than zero, not PT0S.", assertThrows(
                IllegalArgumentException.class, () -> new PaceStatusReads(Duration.ZERO)).getMessage());
    }
}
