package io.gridalarm.jobs;

import io.gridalarm.connectors.NumberedLine;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.connectors.influx.InfluxSink;
import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.KafkaLines;
import io.gridalarm.connectors.kafka.KafkaOutput;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/**
 * What the live job reads and writes: the events, reads and rule-set sources, the sink for lines bound for Kafka
 * (alarms, dead letters, audit, rule-set status) and the sink for InfluxDB points (null for none). The running job
 * uses Kafka and InfluxDB ({@link #of(LiveSettings)}); a test passes sources and sinks of its own, so the live
 * pipeline is tested whole without a broker.
 */
public record LiveConnections(Source<NumberedLine, ?, ?> events, Source<NumberedLine, ?, ?> reads,
                              Source<NumberedLine, ?, ?> ruleSets, Sink<OutputLine> kafkaLines,
                              Sink<InfluxPoint> influxPoints) {

    public LiveConnections {
        Objects.requireNonNull(events, "The live job needs a source of meter events.");
        Objects.requireNonNull(reads, "The live job needs a source of interval reads.");
        Objects.requireNonNull(ruleSets, "The live job needs a source of published rule-set versions.");
        Objects.requireNonNull(kafkaLines, "The live job needs a sink for alarms, dead letters and audit lines.");
    }

    /** The settings' Kafka topics in and out, and InfluxDB when the settings name a server. */
    public static LiveConnections of(LiveSettings settings) {
        return new LiveConnections(topic(settings, settings.eventsTopic(), settings.groupId()),
                topic(settings, settings.readsTopic(), settings.groupId()),
                topic(settings, settings.ruleSetsTopic(), settings.groupId() + KafkaAccess.RULE_SETS_GROUP_SUFFIX),
                KafkaOutput.builder().client(settings.kafka()).topics(settings.outputTopics())
                        .transactionalIdPrefix(settings.transactionalIdPrefix()).build(),
                settings.writesInflux()
                        ? InfluxSink.builder().url(settings.influxUrl()).database(settings.influxDatabase())
                                .credentials(settings.influxCredentials()).build()
                        : null);
    }

    private static Source<NumberedLine, ?, ?> topic(LiveSettings settings, String topic, String groupId) {
        return KafkaLines.builder().client(settings.kafka()).topics(List.of(topic))
                .groupId(groupId).build();
    }
}
