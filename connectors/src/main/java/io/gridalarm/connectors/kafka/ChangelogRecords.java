package io.gridalarm.connectors.kafka;

import io.gridalarm.model.InputException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a changelog topic ({@link Changelog}): each record a key and its whole current value, a tombstone its
 * removal. Only the registry loader may write these topics; a record it could not have written is logged and
 * skipped, so one bad value cannot stop the job or stand in for a meter's history or an asset's place.
 */
final class ChangelogRecords<T> implements KafkaRecordDeserializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChangelogRecords.class);

    private final Changelog<T> changelog;

    ChangelogRecords(Changelog<T> changelog) {
        this.changelog = changelog;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        if (record.key() == null) {
            LOG.warn("Skipping {} record {}-{}@{}: it has no key.", changelog.name(), record.topic(),
                    record.partition(), record.offset());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        try {
            out.collect(changelog.reader().read(key, record.value()));
        } catch (InputException e) {
            LOG.warn("Skipping {} record {}-{}@{}: {}", changelog.name(), record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return changelog.type();
    }
}
