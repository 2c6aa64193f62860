package io.gridalarm.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The live benchmarks' reader of every party's alarm topic, on a thread of its own: each alarm is handed over as
 * soon as its transaction is committed ({@code read_committed}), with when it was read ({@link System#nanoTime}),
 * which is what a party's control room would see.
 */
final class CommittedAlarms implements AutoCloseable {

    private final AtomicBoolean listening = new AtomicBoolean(true);
    private final Thread thread;

    private CommittedAlarms(KafkaClientConfig client, OutputTopics topics, String groupId, String offsetReset,
                            BiConsumer<JsonNode, Long> onAlarm) {
        thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client.clientConfig(Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, groupId,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10")),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(topics.partyTopicPattern());
                while (listening.get()) {
                    consumer.poll(Duration.ofMillis(20)).forEach(record -> {
                        long readAt = System.nanoTime();
                        try {
                            onAlarm.accept(Json.mapper().readTree(record.value()), readAt);
                        } catch (IOException e) {
                            // Not an alarm line: nothing to measure.
                        }
                    });
                }
            }
        }, "committed-alarms-" + groupId);
    }

    /**
     * Starts reading the party topics as consumer group {@code groupId}, from {@code offsetReset} ("earliest" or
     * "latest") when the group has no offsets yet.
     */
    static CommittedAlarms listen(KafkaClientConfig client, OutputTopics topics, String groupId, String offsetReset,
                                  BiConsumer<JsonNode, Long> onAlarm) {
        CommittedAlarms alarms = new CommittedAlarms(client, topics, groupId, offsetReset, onAlarm);
        alarms.thread.start();
        return alarms;
    }

    /** Stops reading, once the poll under way has been handed over. */
    @Override
    public void close() throws InterruptedException {
        listening.set(false);
        thread.join();
    }
}
