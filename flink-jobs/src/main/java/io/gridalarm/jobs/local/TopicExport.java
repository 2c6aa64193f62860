package io.gridalarm.jobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.TopicReader;
import io.gridalarm.model.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Writes what an input topic holds to a JSON-lines file, each line with the {@code receivedAt} of its Kafka record
 * (when the broker got it), so that {@code replay --as-received} can reproduce what the live job did with it. Lines
 * come in order of arrival; a line that is not a JSON object is written as it was (the replay dead-letters it too).
 */
public final class TopicExport {

    private TopicExport() {
    }

    /** Exports every record the topic holds now (up to the end offsets seen at the start); returns how many. */
    public static long export(KafkaClientConfig client, String topic, Path file) throws IOException {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicReader.readToEnd(client, topic, new ByteArrayDeserializer(), records::add);
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
