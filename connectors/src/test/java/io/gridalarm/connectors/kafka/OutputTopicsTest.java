package io.gridalarm.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.PartyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which topic and key each output line gets. */
class OutputTopicsTest {

    private static OutputLine line(String bucket) {
        return new OutputLine(bucket, "k", "t", "{}");
    }

    @Test
    void partyAlarmsAreKeyedByPartyAndTheRestGoToTheirOwnTopics() {
        OutputTopics topics = OutputTopics.DEFAULT;
        assertEquals(new OutputTopics.Destination("alarms.network-operator", "10"),
                topics.destinationOf(line(OutputLine.partyBucket(PartyType.NETWORK_OPERATOR, "10"))));
        assertEquals(new OutputTopics.Destination("alarms.supplier", "ALFA"),
                topics.destinationOf(line(OutputLine.partyBucket(PartyType.SUPPLIER, "ALFA"))));
        assertEquals(new OutputTopics.Destination("dead-letters", null),
                topics.destinationOf(line(OutputLine.DEAD_LETTERS)));
        assertEquals(new OutputTopics.Destination("alarm-audit", null), topics.destinationOf(line(OutputLine.AUDIT)));
        assertNull(topics.destinationOf(line("reliability")), "reliability figures are not for Kafka");
    }

    @Test
    void aBlankTopicNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutputTopics("a", " ", "c", "d", "e"));
        assertEquals("Every output topic needs a name; one was blank.", e.getMessage());
    }

    @Test
    void theSinkBuildersRefuseMissingSettingsWithASentence() {
        assertEquals("The exactly-once Kafka output needs a transactional id prefix, unique to the job.",
                assertThrows(IllegalArgumentException.class,
                        () -> KafkaOutput.builder().bootstrapServers("127.0.0.1:9092").build()).getMessage());
        assertEquals("A Kafka line source needs a consumer group id.", assertThrows(IllegalArgumentException.class,
                () -> KafkaLines.builder().bootstrapServers("127.0.0.1:9092").topics(List.of("t"))
                        .build()).getMessage());
    }
}
