package io.gridalarm.connectors.kafka;

import io.gridalarm.model.NumberedLine;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * A Kafka source of raw input lines: each record's value becomes a {@link NumberedLine} whose source is
 * {@code topic-partition} and whose line number is the record's offset, so a dead letter says exactly which
 * record it was. Nothing is parsed here; validation decides what is good.
 */
public final class KafkaLines {

    private KafkaLines() {
    }

    /** Starts a source definition. */
    public static Builder builder() {
        return new Builder();
    }

    /** Turns each Kafka record into one line, keeping the value's bytes as they arrived. */
    static final class LineDeserializer implements KafkaRecordDeserializationSchema<NumberedLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<NumberedLine> out) {
            byte[] value = record.value() == null ? new byte[0] : record.value();
            out.collect(new NumberedLine(record.topic() + "-" + record.partition(), record.offset(), value));
        }

        @Override
        public TypeInformation<NumberedLine> getProducedType() {
            return TypeInformation.of(NumberedLine.class);
        }
    }

    /** Builds the source, refusing incomplete settings with a sentence that says what is missing. */
    public static final class Builder {
        private KafkaClientConfig client;
        private List<String> topics;
        private String groupId;
        private final Properties properties = new Properties();

        /** The brokers and the client settings (authentication) the source's consumers use. */
        public Builder client(KafkaClientConfig client) {
            this.client = client;
            return this;
        }

        public Builder topics(List<String> topics) {
            this.topics = List.copyOf(Objects.requireNonNull(topics, "topics"));
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** A Kafka consumer property beyond the defaults. */
        public Builder property(String key, String value) {
            properties.setProperty(key, value);
            return this;
        }

        /**
         * Offsets come from the job's checkpoint on recovery; a job starting afresh continues from the group's
         * committed offsets, or from the earliest record when the group has none.
         */
        public KafkaSource<NumberedLine> build() {
            return build(new LineDeserializer(), OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST),
                    null);
        }

        /**
         * A changelog topic (the registry, the network: {@link Changelog}) as it was at an instant: every record from
         * the earliest up to the first written at or after {@code until}, then the source ends. The job reads it
         * first, so its clock waits until the changelog is in its state; its offsets are not committed.
         */
        public <T> KafkaSource<T> buildSnapshot(Changelog<T> changelog, Instant until) {
            property("commit.offsets.on.checkpoint", "false");
            return build(new ChangelogRecords<>(changelog), OffsetsInitializer.earliest(),
                    OffsetsInitializer.timestamp(until.toEpochMilli()));
        }

        /** A changelog topic's records written at or after {@code from}: the changes while the job runs. */
        public <T> KafkaSource<T> buildChanges(Changelog<T> changelog, Instant from) {
            return build(new ChangelogRecords<>(changelog), OffsetsInitializer.timestamp(from.toEpochMilli()), null);
        }

        /** {@code stoppingOffsets}: null for a source that never ends. */
        private <T> KafkaSource<T> build(KafkaRecordDeserializationSchema<T> deserializer,
                                         OffsetsInitializer startingOffsets, OffsetsInitializer stoppingOffsets) {
            if (client == null) {
                throw new IllegalArgumentException("A Kafka line source needs the brokers' bootstrap address "
                        + "(host:port).");
            }
            if (topics == null || topics.isEmpty() || topics.stream().anyMatch(t -> t == null || t.isBlank())) {
                throw new IllegalArgumentException("A Kafka line source needs at least one topic, none blank.");
            }
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("A Kafka line source needs a consumer group id.");
            }
            KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
                    .setBootstrapServers(client.bootstrapServers())
                    .setProperties(client.properties())
                    .setTopics(topics)
                    .setGroupId(groupId)
                    .setStartingOffsets(startingOffsets)
                    .setDeserializer(deserializer)
                    .setProperties(properties)
                    // Only committed records of transactional producers are input.
                    .setProperty("isolation.level", "read_committed");
            if (stoppingOffsets != null) {
                builder.setBounded(stoppingOffsets);
            }
            return builder.build();
        }
    }
}
