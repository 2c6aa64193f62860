package io.gridalarm.connectors.kafka;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
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

    /** Where the records of a load go: a key's new value, or null for its tombstone. */
    public interface Sink {
        void send(String key, byte[] value);
    }

    private CompactedTopic() {
    }

    /**
     * Sends to {@code sink} what brings a topic whose values have the digests {@code current} ({@link #digest}) to
     * the wanted content: each wanted key, in the order given, whose value ({@code valueOf}) is new or differs, then
     * a tombstone for each key no longer wanted, in key order. {@code current} is emptied.
     */
    public static Changes plan(Map<String, ByteBuffer> current, Collection<String> keys,
                               Function<String, byte[]> valueOf, Sink sink) {
        int added = 0;
        int changed = 0;
        int unchanged = 0;
        for (String key : keys) {
            byte[] value = valueOf.apply(key);
            ByteBuffer had = current.remove(key);
            if (had == null) {
                added++;
                sink.send(key, value);
            } else if (!had.equals(digest(value))) {
                changed++;
                sink.send(key, value);
            } else {
                unchanged++;
            }
        }
        List<String> gone = new ArrayList<>(new TreeSet<>(current.keySet()));
        current.clear();
        gone.forEach(key -> sink.send(key, null));
        return new Changes(added, changed, gone.size(), unchanged);
    }

    /**
     * Creates the topic compacted when it is missing, reads the digests of what it holds, and sends what differs
     * from the wanted content ({@code keys} in order, each value made by {@code valueOf} one at a time, so a
     * registry of millions of meters is never held twice). The values' encoding is canonical, so the same content is
     * the same bytes; a value written otherwise is replaced. Returns what changed.
     */
    public static Changes load(KafkaClientConfig client, String topic, int partitions, Collection<String> keys,
                               Function<String, byte[]> valueOf) throws ExecutionException, InterruptedException {
        create(client, topic, partitions);
        Map<String, ByteBuffer> current = latest(client, topic, CompactedTopic::digest);
        AtomicReference<Exception> failed = new AtomicReference<>();
        Changes changes;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")),
                new StringSerializer(), new ByteArraySerializer())) {
            changes = plan(current, keys, valueOf, (key, value) -> producer.send(new ProducerRecord<>(topic, key,
                    value), (metadata, error) -> {
                        if (error != null) {
                            failed.compareAndSet(null, error);
                        }
                    }));
            producer.flush();
        }
        if (failed.get() != null) {
            throw new ExecutionException("Sending to " + topic + " failed: " + failed.get().getMessage(),
                    failed.get());
        }
        return changes;
    }

    /** A value's SHA-256, to compare with what is wanted without holding the topic's values. */
    public static ByteBuffer digest(byte[] value) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256.", e);
        }
    }

    /** Each key's latest value in the topic now (up to the end offsets seen at the start); tombstoned keys left out. */
    public static Map<String, byte[]> read(KafkaClientConfig client, String topic) {
        return latest(client, topic, value -> value);
    }

    /** Each key's latest value, as {@code kept} keeps it; tombstoned keys left out. */
    private static <V> Map<String, V> latest(KafkaClientConfig client, String topic, Function<byte[], V> kept) {
        Map<String, V> latest = new HashMap<>();
        TopicReader.readToEnd(client, topic, new StringDeserializer(), record -> {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), kept.apply(record.value()));
            }
        });
        return latest;
    }

    /** Creates the topic with {@code cleanup.policy=compact} unless it exists. */
    /** Waits (up to half a minute) until every partition of a new topic has a leader to take writes. */
    private static void awaitLeaders(Admin admin, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                // not known everywhere yet
            }
            Thread.sleep(100);
        }
    }

    /** True when the topic exists (and this client may see it). */
    public static boolean exists(KafkaClientConfig client, String topic)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(client.clientConfig(Map.of()))) {
            return admin.listTopics().names().get().contains(topic);
        }
    }

    public static void create(KafkaClientConfig client, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(client.clientConfig(Map.of()))) {
            if (admin.listTopics().names().get().contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get();
            awaitLeaders(admin, topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
