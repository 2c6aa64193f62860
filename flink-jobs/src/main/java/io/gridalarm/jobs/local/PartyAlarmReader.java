package io.gridalarm.jobs.local;

import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.OutputTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every party's alarm topic (or every party's supply-state topic), as the operator may (a party reads its own
 * topics only), with
 * {@code read_committed}, from the start. Each committed record is handed over once: a new party's topic makes the
 * consumer rebalance, and without committed offsets a rebalance would read the other topics again from the start.
 */
public final class PartyAlarmReader implements AutoCloseable {

    /**
     * One record as a party received it: the party's bucket ({@code supplier/ALFA}), the record's key and its JSON
     * (null for a tombstone: a meter's state withdrawn from the party).
     */
    public record Received(String party, String key, String json) {
    }

    private final Function<String, String> bucketOf;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** The next offset not yet handed over, per topic partition. */
    private final Map<TopicPartition, Long> next = new HashMap<>();

    /** A reader of every party's alarm topic. */
    public PartyAlarmReader(KafkaClientConfig client, OutputTopics topics, String groupId) {
        this(client, topics.partyTopicPattern(), topics::bucketOf, groupId);
    }

    /** A reader of every party's supply-state topic (each record a meter's state, its key the meter). */
    public static PartyAlarmReader supplyStates(KafkaClientConfig client, OutputTopics topics, String groupId) {
        return new PartyAlarmReader(client, topics.supplyStateTopicPattern(), topics::supplyStateBucketOf, groupId);
    }

    private PartyAlarmReader(KafkaClientConfig client, Pattern partyTopics, Function<String, String> bucketOf,
                             String groupId) {
        this.bucketOf = bucketOf;
        this.consumer = new KafkaConsumer<>(client.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                // Party topics appear as parties do: look for new ones every second.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(partyTopics);
    }

    /** The alarms that arrived within the timeout, each record once. */
    public List<Received> poll(Duration timeout) {
        List<Received> received = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.offset() >= next.getOrDefault(partition, 0L)) {
                next.put(partition, record.offset() + 1);
                received.add(new Received(bucketOf.apply(record.topic()), record.key() == null ? null
                        : new String(record.key(), StandardCharsets.UTF_8), record.value() == null ? null
                        : new String(record.value(), StandardCharsets.UTF_8)));
            }
        }
        return received;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
