package io.gridalarm.connectors.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A compacted topic that holds each key's whole current value (a changelog): brought to a wanted content by
 * sending only what differs, a tombstone for each key no longer wanted, so loading the same content twice sends
 * nothing.
 */
public final class CompactedTopic {

    /** What a load changed: keys new, keys whose value changed, keys removed (tombstoned), keys left as they were. */
    public record Changes(int added, int changed, int removed, int unchanged) {

        /** E.g. {@code 3 added, 1 changed, 0 removed, 196 unchanged}. */
        @Override
        public String toString() {
            return added + " added, " + changed + " changed, " + removed + " removed, " + unchanged + " unchanged";
        }
    }

    /** The records that bring {@code current} to {@code wanted} (null values are tombstones), and their counts. */
    public record Plan<T>(Map<String, T> send, Changes changes) {
    }

    private CompactedTopic() {
    }

    /**
     * The difference between what the topic holds ({@code current}, values as decoded, null where a value could not
     * be read) and what is wanted, by key in key order: a new or changed key's wanted value, a tombstone (null)
     * for a key no longer wanted.
     */
    public static <T> Plan<T> plan(Map<String, T> current, Map<String, T> wanted) {
        Map<String, T> send = new TreeMap<>();
        int added = 0;
        int changed = 0;
        int removed = 0;
        int unchanged = 0;
        for (Map.Entry<String, T> entry : wanted.entrySet()) {
            if (!current.containsKey(entry.getKey())) {
                added++;
                send.put(entry.getKey(), entry.getValue());
            } else if (Objects.equals(current.get(entry.getKey()), entry.getValue())) {
                unchanged++;
            } else {
                changed++;
                send.put(entry.getKey(), entry.getValue());
            }
        }
        for (String key : current.keySet()) {
            if (!wanted.containsKey(key)) {
                removed++;
                send.put(key, null);
            }
        }
        return new Plan<>(send, new Changes(added, changed, removed, unchanged));
    }

    /**
     * Creates the topic compacted when it is missing, reads what it holds, and sends what differs from
     * {@code wanted}; values are compared decoded ({@code decode} returns null for a value it cannot read, which is
     * then replaced). Returns what changed.
     */
    public static <T> Changes load(KafkaClientConfig client, String topic, int partitions, Map<String, T> wanted,
                                   Function<T, byte[]> encode, Function<byte[], T> decode)
            throws ExecutionException, InterruptedException {
        create(client, topic, partitions);
        Map<String, T> current = new HashMap<>();
        read(client, topic).forEach((key, value) -> current.put(key, decode.apply(value)));
        Plan<T> plan = plan(current, wanted);
        if (plan.send().isEmpty()) {
            return plan.changes();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            plan.send().forEach((key, value) -> sent.add(producer.send(new ProducerRecord<>(topic, key,
                    value == null ? null : encode.apply(value)))));
            producer.flush();
            for (Future<?> result : sent) {
                result.get();
            }
        }
        return plan.changes();
    }

    /** Each key's latest value in the topic now (up to the end offsets seen at the start); tombstoned keys left out. */
    public static Map<String, byte[]> read(KafkaClientConfig client, String topic) {
        Map<String, byte[]> latest = new HashMap<>();
        TopicReader.readToEnd(client, topic, new StringDeserializer(), record -> {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), record.value());
            }
        });
        return latest;
    }

    /** Creates the topic with {@code cleanup.policy=compact} unless it exists. */
    public static void create(KafkaClientConfig client, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(client.clientConfig(Map.of()))) {
            if (admin.listTopics().names().get().contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
