package io.gridalarm.jobs;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.connectors.influx.InfluxSink;
import io.gridalarm.connectors.kafka.Changelog;
import io.gridalarm.connectors.kafka.CompactedTopic;
import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.KafkaLines;
import io.gridalarm.connectors.kafka.KafkaOutput;
import io.gridalarm.jobs.functions.ChangelogClock;
import io.gridalarm.jobs.functions.NoClock;
import io.gridalarm.jobs.types.GridAlarmTypes;
import io.gridalarm.model.AssetPlace;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.NumberedLine;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the live job reads and writes: the events, reads, service requests and responses (either may be null: none)
 * and rule-set sources, the registry changelog, the network
 * changelog (null: none, the tree is the registry's feeders and substations), the sink for lines bound for Kafka
 * (alarms, dead letters, audit, rule-set status) and the sink for InfluxDB points (null for none). The running job
 * uses Kafka and InfluxDB ({@link #of(LiveSettings)}); a test passes sources and sinks of its own, so the live
 * pipeline is tested whole without a broker.
 */
public record LiveConnections(Source<NumberedLine, ?, ?> events, Source<NumberedLine, ?, ?> reads,
                              Source<NumberedLine, ?, ?> requests, Source<NumberedLine, ?, ?> responses,
                              Source<NumberedLine, ?, ?> ruleSets, RegistryInput registry, NetworkInput network,
                              Sink<OutputLine> kafkaLines, Sink<InfluxPoint> influxPoints) {

    /** Where the job's registry changelog comes from: each meter's whole history, an empty one for its removal. */
    @FunctionalInterface
    public interface RegistryInput {
        DataStream<MeterHistory> histories(StreamExecutionEnvironment env);
    }

    /** Where the job's network changelog comes from: each substation's place, an empty one for its removal. */
    @FunctionalInterface
    public interface NetworkInput {
        DataStream<AssetPlace> places(StreamExecutionEnvironment env);
    }

    public LiveConnections {
        Objects.requireNonNull(registry, "The live job needs the registry changelog.");
        Objects.requireNonNull(events, "The live job needs a source of meter events.");
        Objects.requireNonNull(reads, "The live job needs a source of interval reads.");
        Objects.requireNonNull(ruleSets, "The live job needs a source of published rule-set versions.");
        Objects.requireNonNull(kafkaLines, "The live job needs a sink for alarms, dead letters and audit lines.");
    }

    /** The settings' Kafka topics in and out, and InfluxDB when the settings name a server. */
    public static LiveConnections of(LiveSettings settings) {
        return new LiveConnections(topic(settings, settings.eventsTopic(), settings.groupId()),
                topic(settings, settings.readsTopic(), settings.groupId()),
                topic(settings, settings.inputTopics().requests(), settings.groupId()),
                topic(settings, settings.inputTopics().responses(), settings.groupId()),
                topic(settings, settings.ruleSetsTopic(), settings.groupId() + KafkaAccess.RULE_SETS_GROUP_SUFFIX),
                env -> changelogTopic(env, settings, settings.registryTopic(), KafkaAccess.REGISTRY_GROUP_SUFFIX,
                        Changelog.registry(GridAlarmTypes.METER_HISTORY), Instant.now()),
                networkTopicExists(settings) ? env -> changelogTopic(env, settings, settings.networkTopic(),
                        KafkaAccess.NETWORK_GROUP_SUFFIX, Changelog.network(GridAlarmTypes.ASSET_PLACE), Instant.now())
                        : null,
                KafkaOutput.builder().client(settings.kafka()).topics(settings.outputTopics())
                        .transactionalIdPrefix(settings.transactionalIdPrefix()).delivery(settings.delivery()).build(),
                settings.writesInflux()
                        ? InfluxSink.builder().url(settings.influxUrl()).database(settings.influxDatabase())
                                .credentials(settings.influxCredentials()).build()
                        : null);
    }

    /** Whether there is a network to read: a job started without one evaluates by substation. */
    private static boolean networkTopicExists(LiveSettings settings) {
        try {
            return CompactedTopic.exists(settings.kafka(), settings.networkTopic());
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list the topics of " + settings.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing the topics.", e);
        }
    }

    /**
     * A changelog topic (the registry's, the network's) as two sources: as it was at {@code start}, bounded (the
     * joins it feeds hold their clocks until it ends: {@link ChangelogClock}), then every change written since, on no
     * clock. The job's first records are joined to the registry and network as they were when the job started,
     * whatever order the topics are read in.
     */
    private static <T> DataStream<T> changelogTopic(StreamExecutionEnvironment env, LiveSettings settings,
                                                    String topic, String groupSuffix, Changelog<T> changelog,
                                                    Instant start) {
        String name = changelog.name();
        // A builder each: the snapshot's does not commit offsets, the changes' does.
        Supplier<KafkaLines.Builder> source = () -> KafkaLines.builder().client(settings.kafka())
                .topics(List.of(topic)).groupId(settings.groupId() + groupSuffix);
        DataStream<T> snapshot = env.fromSource(source.get().buildSnapshot(changelog, start),
                        WatermarkStrategy.noWatermarks(), name + " at start")
                .uid(name + "-at-start").name(name + " topic " + topic + " as at start");
        DataStream<T> changes = env.fromSource(source.get().buildChanges(changelog, start), NoClock.strategy(),
                        name + " changes")
                .uid(name + "-changes").name(name + " topic " + topic + " changes");
        return snapshot.union(changes).transform(name + " clock", changelog.type(), new ChangelogClock<>())
                .uid(name + "-clock");
    }

    private static Source<NumberedLine, ?, ?> topic(LiveSettings settings, String topic, String groupId) {
        return KafkaLines.builder().client(settings.kafka()).topics(List.of(topic))
                .groupId(groupId).build();
    }
}
