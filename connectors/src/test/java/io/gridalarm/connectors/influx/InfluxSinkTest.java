package io.gridalarm.connectors.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The InfluxDB sink's settings and the state that carries unsent points across a restart. */
class InfluxSinkTest {

    @Test
    void waitingPointsSurviveTheirCheckpointStateWithTheirNumberKinds() throws Exception {
        InfluxPoint point = new InfluxPoint("alarm", Map.of("party", "ALFA", "empty", ""),
                Map.of("meters", 3, "min", 216.5, "rule", "Tamper alert"), 1_700_000_000_123L);
        InfluxSink.WaitingPointsSerializer serializer = new InfluxSink.WaitingPointsSerializer();
        List<InfluxPoint> back = serializer.deserialize(serializer.getVersion(), serializer.serialize(List.of(point)));
        assertEquals(List.of(point), back);
        assertTrue(back.get(0).fields().get("meters") instanceof Integer, "an integer field stays an integer");
        assertEquals(Map.of("party", "ALFA"), back.get(0).tags(), "empty tags are left out");
    }

    @Test
    void badSettingsAreRefusedWithASentence() {
        assertEquals("The InfluxDB output needs the server's http(s):// address; got 127.0.0.1:8086.",
                assertThrows(IllegalArgumentException.class,
                        () -> InfluxSink.builder().url("127.0.0.1:8086").database("d").build()).getMessage());
        assertEquals("The InfluxDB output needs a database name without quotes; got a\"b.",
                assertThrows(IllegalArgumentException.class,
                        () -> InfluxSink.builder().url("http://h:1").database("a\"b").build()).getMessage());
        assertEquals("An InfluxDB point needs at least one field; alarm had none.",
                assertThrows(IllegalArgumentException.class,
                        () -> new InfluxPoint("alarm", Map.of(), Map.of(), 0)).getMessage());
    }
}
