package io.gridalarm.connectors.kafka;

import io.gridalarm.model.Changelogs;
import io.gridalarm.model.InputException;
import io.gridalarm.model.MeterHistory;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the registry changelog topic: each record is a meter's whole history under its id, a tombstone its
 * removal. Only the registry loader may write the topic; a record it could not have written is logged and skipped,
 * so one bad value cannot stop the job or stand in for a meter's history.
 */
final class RegistryChangelog implements KafkaRecordDeserializationSchema<MeterHistory> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryChangelog.class);

    private final TypeInformation<MeterHistory> type;

    RegistryChangelog(TypeInformation<MeterHistory> type) {
        this.type = type;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<MeterHistory> out) {
        if (record.key() == null) {
            LOG.warn("Skipping registry record {}-{}@{}: it has no key (a meter id).", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        String meterId = new String(record.key(), StandardCharsets.UTF_8);
        try {
            out.collect(Changelogs.meterHistory(meterId, record.value()));
        } catch (InputException e) {
            LOG.warn("Skipping registry record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<MeterHistory> getProducedType() {
        return type;
    }
}
