package io.gridalarm.jobs;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.connectors.influx.InfluxSink;
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
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the live job reads and writes: the events, reads and rule-set sources, the registry changelog, the network
 * changelog (null: none, the tree is the registry's feeders and substations), the sink for lines bound for Kafka
 * (alarms, dead letters, audit, rule-set status) and the sink for InfluxDB points (null for none). The running job
 * uses Kafka and InfluxDB ({@link #of(LiveSettings)}); a test passes sources and sinks of its own, so the live
 * pipeline is tested whole without a broker.
 */
public record LiveConnections(Source<NumberedLine, ?, ?> events, Source<NumberedLine, ?, ?> reads,
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
                topic(settings, settings.ruleSetsTopic(), settings.groupId() + KafkaAccess.RULE_SETS_GROUP_SUFFIX),
                env -> registryTopic(env, settings, Instant.now()),
                networkTopicExists(settings) ? env -> networkTopic(env, settings, Instant.now()) : null,
                KafkaOutput.builder().client(settings.kafka()).topics(settings.outputTopics())
                        .transactionalIdPrefix(settings.transactionalIdPrefix()).build(),
                settings.writesInflux()
                        ? InfluxSink.builder().url(settings.influxUrl()).database(settings.influxDatabase())
                                .credentials(settings.influxCredentials()).build()
                        : null);
    }

    /**
     * The registry topic as two sources: as it was at {@code start}, bounded (the registry joins' clocks wait until
     * it ends: {@link ChangelogClock}), then every change written since, on no clock. The job's first records
     * are joined to the registry as it was when the job started, whatever order the topics are read in.
     */
    private static DataStream<MeterHistory> registryTopic(StreamExecutionEnvironment env, LiveSettings settings,
                                                          Instant start) {
        String group = settings.groupId() + KafkaAccess.REGISTRY_GROUP_SUFFIX;
        DataStream<MeterHistory> snapshot = env.fromSource(registrySource(settings, group)
                        .buildRegistrySnapshot(GridAlarmTypes.METER_HISTORY, start), WatermarkStrategy.noWatermarks(),
                        "registry at start")
                .uid("registry-at-start").name("registry topic " + settings.registryTopic() + " as at start");
        DataStream<MeterHistory> changes = env.fromSource(registrySource(settings, group)
                        .buildRegistryChanges(GridAlarmTypes.METER_HISTORY, start), NoClock.strategy(),
                        "registry changes")
                .uid("registry-changes").name("registry topic " + settings.registryTopic() + " changes");
        return snapshot.union(changes).transform("registry clock", GridAlarmTypes.METER_HISTORY, new ChangelogClock<>())
                .uid("registry-clock");
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
     * The network topic as two sources, like the registry's: as it was at {@code start} (the network joins' clocks
     * wait until it ends), then every change since. Only secondary substations' places matter to the joins.
     */
    private static DataStream<AssetPlace> networkTopic(StreamExecutionEnvironment env, LiveSettings settings,
                                                       Instant start) {
        String group = settings.groupId() + KafkaAccess.NETWORK_GROUP_SUFFIX;
        DataStream<AssetPlace> snapshot = env.fromSource(networkSource(settings, group)
                        .buildNetworkSnapshot(GridAlarmTypes.ASSET_PLACE, start), WatermarkStrategy.noWatermarks(),
                        "network at start")
                .uid("network-at-start").name("network topic " + settings.networkTopic() + " as at start");
        DataStream<AssetPlace> changes = env.fromSource(networkSource(settings, group)
                        .buildNetworkChanges(GridAlarmTypes.ASSET_PLACE, start), NoClock.strategy(),
                        "network changes")
                .uid("network-changes").name("network topic " + settings.networkTopic() + " changes");
        return snapshot.union(changes).transform("network clock", GridAlarmTypes.ASSET_PLACE,
                new ChangelogClock<>()).uid("network-clock");
    }

    private static KafkaLines.Builder networkSource(LiveSettings settings, String group) {
        return KafkaLines.builder().client(settings.kafka()).topics(List.of(settings.networkTopic())).groupId(group);
    }

    private static KafkaLines.Builder registrySource(LiveSettings settings, String group) {
        return KafkaLines.builder().client(settings.kafka()).topics(List.of(settings.registryTopic())).groupId(group);
    }

    private static Source<NumberedLine, ?, ?> topic(LiveSettings settings, String topic, String groupId) {
        return KafkaLines.builder().client(settings.kafka()).topics(List.of(topic))
                .groupId(groupId).build();
    }
}
