package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.event;
import static io.gridalarm.jobs.Fixtures.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gridalarm.model.MeterRecord;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Re-deliveries of an event are dropped within the horizon; the memory of the id is freed after it. */
class DropDuplicateEventsTest {

    @Test
    void aReDeliveryIsDroppedAndTheIdIsForgottenAfterTheHorizon() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new DropDuplicateEvents(Duration.ofHours(1)),
                (MeterRecord r) -> r.event().eventId(), Types.STRING)) {
            MeterRecord first = event("e1", "0x8F74", "2026-11-20T10:00:00Z");
            h.processElement(first, millis(first));
            h.processElement(first, millis(first) + 1000);
            h.processElement(event("e2", "0x8F74", "2026-11-20T10:00:00Z"), millis(first));
            assertEquals(2, h.extractOutputValues().size());
            assertEquals(2, h.numKeyedStateEntries());
            assertEquals(2, h.numEventTimeTimers());

            h.processWatermark(millis(first) + Duration.ofHours(1).toMillis());
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aHorizonMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DropDuplicateEvents(Duration.ZERO));
        assertEquals("The duplicate horizon must be a positive duration, not PT0S.", e.getMessage());
    }
}
