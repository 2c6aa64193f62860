package io.gridalarm.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void eachPartysAlarmsGoToItsOwnTopicAndTheRestToOperatorTopics() {
        OutputTopics topics = OutputTopics.DEFAULT;
        assertEquals(new OutputTopics.Destination("alarms.network-operator.10", "10"),
                topics.destinationOf(line(OutputLine.partyBucket(PartyType.NETWORK_OPERATOR, "10"))));
        assertEquals(new OutputTopics.Destination("alarms.supplier.ALFA", "ALFA"),
                topics.destinationOf(line(OutputLine.partyBucket(PartyType.SUPPLIER, "ALFA"))));
        assertEquals("alarms.supplier.ALFA", topics.partyTopic(PartyType.SUPPLIER, "ALFA"));
        assertEquals(new OutputTopics.Destination("dead-letters", null),
                topics.destinationOf(line(OutputLine.DEAD_LETTERS)));
        assertEquals(new OutputTopics.Destination("alarm-audit", null), topics.destinationOf(line(OutputLine.AUDIT)));
        assertNull(topics.destinationOf(line("reliability")), "reliability figures are not for Kafka");
        assertEquals(new OutputTopics.Destination("dcc-requests", "E-001"), topics.destinationOf(new OutputLine(
                OutputLine.DCC_REQUESTS, "k", "7.4", "{}", "E-001")), "a status read goes to the DCC keyed by meter");
    }

    @Test
    void aPartyTopicNamesItsPartyAndNoOtherTopicIsTakenForOne() {
        OutputTopics topics = OutputTopics.prefixed("live.");
        String odd = topics.partyTopic(PartyType.SUPPLIER, "A/B C");
        assertEquals("live.alarms.supplier.A_B_C", odd, "unsafe characters become '_', as in file names");
        assertEquals("supplier/A_B_C", topics.bucketOf(odd));
        assertEquals("network-operator/12", topics.bucketOf("live.alarms.network-operator.12"));
        assertNull(topics.bucketOf("live.dead-letters"));
        assertNull(topics.bucketOf("live.alarms.supplier."), "a party needs an id");
        assertNull(topics.bucketOf("alarms.supplier.ALFA"), "another job's prefix");
        assertTrue(topics.partyTopicPattern().matcher("live.alarms.supplier.ALFA").matches());
        assertFalse(topics.partyTopicPattern().matcher("live.alarm-audit").matches());
        assertFalse(topics.partyTopicPattern().matcher("liveXalarms.supplier.ALFA").matches());
    }

    @Test
    void aPartysSupplyStatesGoToItsOwnCompactedTopicKeyedByMeter() {
        OutputTopics topics = OutputTopics.prefixed("live.");
        OutputLine state = new OutputLine(OutputLine.supplyStateBucket(PartyType.SUPPLIER, "ALFA"), "k", "t", "{}",
                "E-001");
        assertEquals(new OutputTopics.Destination("live.supply-state.supplier.ALFA", "E-001"),
                topics.destinationOf(state));
        assertEquals("live.supply-state.network-operator.12",
                topics.supplyStateTopic(PartyType.NETWORK_OPERATOR, "12"));
        assertTrue(topics.isCompacted("live.supply-state.network-operator.12"));
        assertFalse(topics.isCompacted("live.alarms.supplier.ALFA"), "alarms are a history, not latest values");
        assertNull(topics.destinationOf(new OutputLine(OutputLine.supplyStateBucket(PartyType.SUPPLIER, "ALFA"),
                "k", "t", "{}")), "a state without its meter's key would never be compacted away");
        assertNull(topics.destinationOf(line(OutputLine.SUPPLY_STATE + "/nobody/X")), "no party type, no topic");
        assertNull(topics.bucketOf("live.supply-state.supplier.ALFA"), "a supply-state topic holds no alarms");
        assertFalse(topics.partyTopicPattern().matcher("live.supply-state.supplier.ALFA").matches());
    }

    @Test
    void aBlankTopicNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OutputTopics("a", " ", "c", "d", "e", "f"));
        assertEquals("Every output topic needs a name; one was blank.", e.getMessage());
    }

    @Test
    void theSinkBuildersRefuseMissingSettingsWithASentence() {
        assertEquals("The exactly-once Kafka output needs a transactional id prefix, unique to the job.",
                assertThrows(IllegalArgumentException.class,
                        () -> KafkaOutput.builder().client(KafkaClientConfig.plain("127.0.0.1:9092")).build()).getMessage());
        assertEquals("A Kafka line source needs a consumer group id.", assertThrows(IllegalArgumentException.class,
                () -> KafkaLines.builder().client(KafkaClientConfig.plain("127.0.0.1:9092")).topics(List.of("t"))
                        .build()).getMessage());
    }
}
