package io.gridalarm.jobs.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TopicExportTest {

    private static final long BROKER_TIME = Instant.parse("2026-11-21T02:00:00.020Z").toEpochMilli();

    @Test
    void aLineGetsTheBrokersTimeAsReceivedAtReplacingOneItClaimed() {
        assertEquals("{\"meterId\":\"1\",\"receivedAt\":\"2026-11-21T02:00:00.020Z\"}",
                export("{\"meterId\":\"1\"}"));
        assertEquals("{\"receivedAt\":\"2026-11-21T02:00:00.020Z\",\"meterId\":\"1\"}",
                export("{\"receivedAt\":\"1999-01-01T00:00:00Z\",\"meterId\":\"1\"}"),
                "when the job got it is the broker's to say, not the sender's");
    }

    @Test
    void aLineThatIsNotAJsonObjectIsKeptByteForByteForTheReplayToDeadLetter() {
        for (String hostile : new String[] {"not json", "[1,2]", "\"text\"", "{\"meterId\":", ""}) {
            byte[] line = hostile.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(line, TopicExport.withReceivedAt(line, BROKER_TIME), hostile);
        }
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"'};
        assertArrayEquals(invalidUtf8, TopicExport.withReceivedAt(invalidUtf8, BROKER_TIME));
    }

    private static String export(String line) {
        return new String(TopicExport.withReceivedAt(line.getBytes(StandardCharsets.UTF_8), BROKER_TIME),
                StandardCharsets.UTF_8);
    }
}
