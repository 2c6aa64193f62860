package io.gridalarm.connectors.kafka;

import io.gridalarm.model.AssetPlace;
import io.gridalarm.model.Changelogs;
import io.gridalarm.model.InputException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the network changelog topic: each record is an asset and what is above it under the asset's id, a tombstone
 * its removal. Only the registry loader may write the topic; a record it could not have written is logged and
 * skipped, so one bad value cannot stop the job.
 */
final class NetworkChangelog implements KafkaRecordDeserializationSchema<AssetPlace> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(NetworkChangelog.class);

    private final TypeInformation<AssetPlace> type;

    NetworkChangelog(TypeInformation<AssetPlace> type) {
        this.type = type;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AssetPlace> out) {
        if (record.key() == null) {
            LOG.warn("Skipping network record {}-{}@{}: it has no key (an asset id).", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        String assetId = new String(record.key(), StandardCharsets.UTF_8);
        try {
            out.collect(Changelogs.assetPlace(assetId, record.value()));
        } catch (InputException e) {
            LOG.warn("Skipping network record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public TypeInformation<AssetPlace> getProducedType() {
        return type;
    }
}
