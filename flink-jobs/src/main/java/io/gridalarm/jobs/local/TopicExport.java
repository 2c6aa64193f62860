package io.gridalarm.jobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.model.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Writes what an input topic holds to a JSON-lines file, each line with the {@code receivedAt} of its Kafka record
 * (when the broker got it), so that {@code replay --as-received} can reproduce what the live job did with it. Lines
 * come in order of arrival; a line that is not a JSON object is written as it was (the replay dead-letters it too).
 */
public final class TopicExport {

    private static final Duration POLL = Duration.ofMillis(500);

    private TopicExport() {
    }

    /** Exports every record the topic holds now (up to the end offsets seen at the start); returns how many. */
    public static long export(KafkaClientConfig client, String topic, Path file) throws IOException {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client.clientConfig(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                }
            }
        }
        records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                out.write(new String(withReceivedAt(record.value(), record.timestamp()), StandardCharsets.ISO_8859_1));
                out.newLine();
            }
        }
        return records.size();
    }

    /** The line with {@code receivedAt} set to the instant; a line that is not a JSON object, unchanged. */
    static byte[] withReceivedAt(byte[] line, long receivedMillis) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (IOException | RuntimeException e) {
            return line;
        }
        if (!(node instanceof ObjectNode object)) {
            return line;
        }
        object.put(TopicFeeder.RECEIVED_AT, Instant.ofEpochMilli(receivedMillis).toString());
        try {
            return Json.mapper().writeValueAsBytes(object);
        } catch (IOException e) {
            return line;
        }
    }
}
