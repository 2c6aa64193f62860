package io.gridalarm.connectors.kafka;

import io.gridalarm.connectors.OutputLine;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka sink for output lines: by default exactly once (records are written in Kafka transactions that commit
 * with the job's checkpoints, so {@code read_committed} consumers see each alarm once, across crashes and
 * restarts), or at least once, at once ({@link AlarmDelivery}).
 */
public final class KafkaOutput {

    /** Below the broker's default maximum (15 min); a transaction must outlive a checkpoint interval. */
    public static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private KafkaOutput() {
    }

    /** Starts a sink definition. */
    public static Builder builder() {
        return new Builder();
    }

    /** Places each line in its topic with its key; lines that are not for Kafka are refused earlier. */
    static final class LineSerializer implements KafkaRecordSerializationSchema<OutputLine> {
        private static final long serialVersionUID = 1L;
        private final OutputTopics topics;

        LineSerializer(OutputTopics topics) {
            this.topics = topics;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(OutputLine line, KafkaSinkContext context, Long timestamp) {
            OutputTopics.Destination destination = topics.destinationOf(line);
            if (destination == null) {
                throw new IllegalArgumentException("The output line of bucket " + line.bucket()
                        + " has no Kafka topic; filter it out before the Kafka sink.");
            }
            // a withdrawal is a tombstone: compaction then removes the key, and the party keeps nothing of it
            byte[] value = line.tag().equals(OutputLine.WITHDRAWN) && destination.key() != null ? null
                    : line.text().getBytes(StandardCharsets.UTF_8);
            return new ProducerRecord<>(destination.topic(), destination.keyBytes(), value);
        }
    }

    /** Builds the sink, refusing incomplete settings with a sentence that says what is missing. */
    public static final class Builder {
        private KafkaClientConfig client;
        private OutputTopics topics = OutputTopics.DEFAULT;
        private String transactionalIdPrefix;
        private AlarmDelivery delivery = AlarmDelivery.EXACTLY_ONCE;

        /** The brokers and the client settings (authentication) the sink's producers use. */
        public Builder client(KafkaClientConfig client) {
            this.client = client;
            return this;
        }

        public Builder topics(OutputTopics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** Must be unique per job on the cluster: it fences a crashed run's unfinished transactions. */
        public Builder transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = prefix;
            return this;
        }

        /** Exactly once with checkpoints (the default), or at least once as soon as made. */
        public Builder delivery(AlarmDelivery delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        public KafkaSink<OutputLine> build() {
            if (client == null) {
                throw new IllegalArgumentException("The Kafka output needs the brokers' bootstrap address "
                        + "(host:port).");
            }
            KafkaSinkBuilder<OutputLine> sink = KafkaSink.<OutputLine>builder()
                    .setBootstrapServers(client.bootstrapServers())
                    .setKafkaProducerConfig(client.properties())
                    .setRecordSerializer(new LineSerializer(topics))
                    .setDeliveryGuarantee(delivery.guarantee());
            if (delivery == AlarmDelivery.AT_LEAST_ONCE) {
                return sink.build();
            }
            if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
                throw new IllegalArgumentException("The exactly-once Kafka output needs a transactional id prefix, "
                        + "unique to the job.");
            }
            return sink.setTransactionalIdPrefix(transactionalIdPrefix)
                    .setProperty("transaction.timeout.ms", Integer.toString(TRANSACTION_TIMEOUT_MS))
                    .build();
        }
    }
}
