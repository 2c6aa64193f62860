package io.gridalarm.jobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.jobs.functions.Arrivals;
import io.gridalarm.model.Json;
import java.io.BufferedReader;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends event and read files to their topics as the DCC and a supplier's or network operator's head-end would: the
 * lines of both files merged in order of arrival, which is a line's {@code receivedAt} when it has one (reads in
 * the next night's batch) and its event time otherwise (a line whose time cannot be read keeps its place after the
 * line before it), each line as one record, byte for byte. Used by the demo, the live benchmark and the tests.
 */
public final class TopicFeeder implements AutoCloseable {

    /** One line bound for a topic, with the event time it is sent in order of. */
    public record Line(String topic, byte[] key, long timeMillis, byte[] bytes) {

        /** Lines by meter (their key), as a nightly batch comes; lines without one first. */
        public static final Comparator<Line> BY_METER =
                Comparator.comparing(line -> line.key() == null ? "" : new String(line.key(), StandardCharsets.UTF_8));
    }

    /** The field that says when a line reaches the job. */
    public static final String RECEIVED_AT = "receivedAt";

    private final KafkaProducer<byte[], byte[]> producer;

    public TopicFeeder(KafkaClientConfig client) {
        producer = new KafkaProducer<>(client.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000")),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The lines of an events file and a reads file (either may be null), merged in order of arrival. */
    public static List<Line> merged(Path events, String eventsTopic, Path reads, String readsTopic)
            throws IOException {
        return merged(events, eventsTopic, reads, readsTopic, false);
    }

    /**
     * As {@link #merged}, except that a read which does not say when it arrives arrives as GB reads do: in the batch
     * of the night after its day, at {@link Arrivals#BATCH_TIME}, meter by meter.
     */
    public static List<Line> asDelivered(Path events, String eventsTopic, Path reads, String readsTopic)
            throws IOException {
        return merged(events, eventsTopic, reads, readsTopic, true);
    }

    /**
     * The lines with those of a file of what arrives as alerts do (service requests or responses: at the time they
     * give) merged in, in order of arrival; lines arriving at the same instant keep their order.
     */
    public static List<Line> withLive(List<Line> lines, Path file, String topic) throws IOException {
        List<Line> all = new ArrayList<>(lines);
        all.addAll(read(file, topic, false, false));
        all.sort(Comparator.comparingLong(Line::timeMillis));
        return all;
    }

    private static List<Line> merged(Path events, String eventsTopic, Path reads, String readsTopic,
                                     boolean nightlyReads) throws IOException {
        List<Line> lines = new ArrayList<>();
        if (events != null) {
            lines.addAll(read(events, eventsTopic, false, false));
        }
        if (reads != null) {
            lines.addAll(read(reads, readsTopic, true, nightlyReads));
        }
        Comparator<Line> order = Comparator.comparingLong(Line::timeMillis);
        if (nightlyReads) {
            // A night's batch comes meter by meter, each meter's day in time order (the sort is stable).
            order = order.thenComparing(Line.BY_METER);
        }
        lines.sort(order);
        return lines;
    }

    private static List<Line> read(Path file, String topic, boolean reads, boolean nightly) throws IOException {
        List<Line> lines = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String text;
            while ((text = in.readLine()) != null) {
                byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
                JsonNode node = parse(bytes);
                Long time = node == null ? null : timeOf(node, reads);
                if (time != null && nightly && !node.hasNonNull(RECEIVED_AT)) {
                    time = Arrivals.nextNight(time);
                }
                if (time != null) {
                    previous = time;
                }
                lines.add(new Line(topic, keyOf(node), previous, bytes));
            }
        }
        return lines;
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Records of one meter go to one partition, in order. */
    private static byte[] keyOf(JsonNode node) {
        JsonNode meter = node == null ? null : node.get("meterId");
        return meter != null && meter.isTextual() ? meter.asText().getBytes(StandardCharsets.UTF_8) : null;
    }

    /**
     * When the line reaches the job: its {@code receivedAt}, else its event time (an event's time, a read's interval
     * end); null when neither can be read.
     */
    static Long timeOf(JsonNode node, boolean read) {
        try {
            if (node.hasNonNull(RECEIVED_AT)) {
                return Instant.parse(node.get(RECEIVED_AT).asText()).toEpochMilli();
            }
            if (read) {
                return Instant.parse(node.get("start").asText()).plusSeconds(60L * node.get("minutes").asLong())
                        .toEpochMilli();
            }
            return Instant.parse(node.get("time").asText()).toEpochMilli();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Sends the lines in order and waits until the broker has them all; returns how many were sent. A line the
     * broker did not take in time is sent again (up to three tries): the pipeline drops a record delivered twice
     * (the same event id, or the same read at the same instant), so a retry cannot change the alarms.
     */
    public long send(List<Line> lines) throws IOException, InterruptedException {
        List<Line> pending = lines;
        for (int attempt = 1; ; attempt++) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(pending.size());
            for (Line line : pending) {
                sent.add(producer.send(new ProducerRecord<>(line.topic(), line.key(), line.bytes())));
            }
            producer.flush();
            List<Line> failed = new ArrayList<>();
            ExecutionException last = null;
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (ExecutionException e) {
                    failed.add(pending.get(i));
                    last = e;
                }
            }
            if (failed.isEmpty()) {
                return lines.size();
            }
            if (attempt == 3) {
                throw new IOException("Kafka refused " + failed.size() + " records three times: "
                        + last.getCause().getMessage(), last.getCause());
            }
            pending = failed;
        }
    }

    /**
     * Sends the lines in order as {@link #send} does, but waits {@code pause} before each run of {@code batchTopic}'s
     * lines: a nightly batch of reads reaches a job hours after the alerts sent before it, by when the job has
     * evaluated them; sent back to back, the batch would race the alerts of the same hours.
     */
    public long sendBatchesApart(List<Line> lines, String batchTopic, Duration pause)
            throws IOException, InterruptedException {
        long sent = 0;
        int from = 0;
        for (int i = 1; i <= lines.size(); i++) {
            if (i == lines.size() || (lines.get(i).topic().equals(batchTopic)
                    && !lines.get(i - 1).topic().equals(batchTopic))) {
                sent += send(lines.subList(from, i));
                if (i < lines.size()) {
                    Thread.sleep(pause.toMillis());
                }
                from = i;
            }
        }
        return sent;
    }

    /** Sends one line now, under its key, without waiting. */
    public void sendAsync(Line line) {
        producer.send(new ProducerRecord<>(line.topic(), line.key(), line.bytes()));
    }

    /** Sends one line now without waiting. */
    public void sendAsync(String topic, byte[] bytes) {
        producer.send(new ProducerRecord<>(topic, null, bytes));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
