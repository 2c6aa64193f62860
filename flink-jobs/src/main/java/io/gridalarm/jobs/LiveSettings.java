package io.gridalarm.jobs;

import io.gridalarm.connectors.influx.InfluxCredentials;
import io.gridalarm.connectors.kafka.AlarmDelivery;
import io.gridalarm.connectors.kafka.InputTopics;
import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.KafkaOutput;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.jobs.functions.RuleEngine;
import io.gridalarm.rules.RuleSetSigning;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the live job needs, checked when built so a bad setting fails before a job starts.
 *
 * @param bootstrapServers Kafka brokers, host:port[,host:port]
 * @param registry a registry CSV loaded into the registry topic before the job starts (only what changed is
 *     sent), or null when the topic is kept up to date by {@code registry load} alone
 * @param ruleSet the rule-set version folder
 * @param engine how the rules are evaluated
 * @param inputTopics the topics of meter events, interval reads, service requests and service responses
 * @param ruleSetsTopic the control topic where rule-set versions are published to the running job
 * @param outputTopics where alarms, dead letters and the audit trail go
 * @param influxUrl the InfluxDB server, or null for no InfluxDB output
 * @param influxDatabase the InfluxDB database
 * @param checkpoints where checkpoints are kept (a folder or a URI such as s3://...), or null for the default
 * @param checkpointInterval how often a checkpoint is taken; alarms delivered exactly once become visible to
 *     read_committed consumers then
 * @param parallelism Flink parallelism
 * @param outOfOrderBound how far alerts may arrive out of event-time order and still be evaluated in order
 * @param readsOutOfOrderBound how far reads may arrive out of event-time order (a day's batch in meter order spans
 *     a day) and still be evaluated in order
 * @param readsLateness how late reads may arrive and still be judged as a replay judges them (outages are kept
 *     that long for them)
 * @param quietPeriod after this long without records, everything received is evaluated
 * @param idleAfter after this long without records, a topic partition holds no other back
 * @param groupId the Kafka consumer group
 * @param transactionalIdPrefix the Kafka transactional id prefix, unique per job
 * @param duplicateHorizon how long after an event a re-delivery of it is still recognised
 * @param trustedKeys the public keys (Base64, by key id) whose signatures on a published rule-set version this job
 *     accepts; empty: every published version is refused
 * @param influxCredentials the InfluxDB writer user on a server with authentication, or null
 * @param kafkaSettings Kafka client settings (authentication, TLS) every client of the job uses, from
 *     {@code --kafka-config}; empty for a broker without authentication
 * @param stateBackend where the job keeps its state between checkpoints
 * @param registryTopic the registry changelog topic the job keeps each meter's history from
 * @param registryWait how long a record of a meter the job has not heard of waits for its registry row before it
 *     is dead-lettered as an unknown meter
 * @param networkTopic the network changelog topic the job learns each substation's place in the tree from (read
 *     when it exists: without it the tree is the registry's feeders and substations)
 * @param network a network file to load into the network topic before the job starts, or null
 * @param delivery whether alarms reach Kafka exactly once with the checkpoints, or at least once as soon as made
 */
public record LiveSettings(String bootstrapServers, Path registry, Path ruleSet, RuleEngine engine,
                           InputTopics inputTopics, String ruleSetsTopic, OutputTopics outputTopics,
                           String influxUrl,
                           String influxDatabase, String checkpoints, Duration checkpointInterval, int parallelism,
                           Duration outOfOrderBound, Duration readsOutOfOrderBound, Duration readsLateness,
                           Duration quietPeriod, Duration idleAfter, String groupId,
                           String transactionalIdPrefix, Duration duplicateHorizon,
                           Map<String, String> trustedKeys, InfluxCredentials influxCredentials,
                           Map<String, String> kafkaSettings, StateBackendKind stateBackend,
                           String registryTopic, Duration registryWait, String networkTopic, Path network,
                           AlarmDelivery delivery) {

    public LiveSettings {
        trustedKeys = Map.copyOf(trustedKeys);
        kafkaSettings = Map.copyOf(kafkaSettings);
    }

    /** The settings as a record prints them, with the Kafka secrets masked (the InfluxDB password never shows). */
    @Override
    public String toString() {
        return "LiveSettings[bootstrapServers=" + bootstrapServers + ", registry=" + registry + ", ruleSet=" + ruleSet
                + ", engine=" + engine + ", inputTopics=" + inputTopics
                + ", ruleSetsTopic=" + ruleSetsTopic + ", outputTopics=" + outputTopics + ", influxUrl=" + influxUrl
                + ", influxDatabase=" + influxDatabase + ", checkpoints=" + checkpoints + ", checkpointInterval="
                + checkpointInterval + ", parallelism=" + parallelism + ", outOfOrderBound=" + outOfOrderBound
                + ", readsOutOfOrderBound=" + readsOutOfOrderBound + ", readsLateness=" + readsLateness
                + ", quietPeriod=" + quietPeriod + ", idleAfter=" + idleAfter + ", groupId=" + groupId
                + ", transactionalIdPrefix="
                + transactionalIdPrefix + ", duplicateHorizon=" + duplicateHorizon + ", trustedKeys="
                + trustedKeys.keySet() + ", influxCredentials=" + influxCredentials + ", kafkaSettings="
                + KafkaClientConfig.masked(kafkaSettings) + ", stateBackend=" + stateBackend + ", registryTopic="
                + registryTopic + ", registryWait=" + registryWait + ", networkTopic=" + networkTopic + ", network="
                + network + ", delivery=" + delivery + "]";
    }

    /** The job's two clocks, as a replay as received simulates them. */
    public LiveClocks clocks() {
        return new LiveClocks(outOfOrderBound, readsOutOfOrderBound, quietPeriod, idleAfter);
    }

    /** How the job's Kafka clients reach and authenticate to the brokers. */
    public KafkaClientConfig kafka() {
        return new KafkaClientConfig(bootstrapServers, kafkaSettings);
    }

    /** The topic of meter events. */
    public String eventsTopic() {
        return inputTopics.events();
    }

    /** The topic of interval reads. */
    public String readsTopic() {
        return inputTopics.reads();
    }

    public static final String DEFAULT_EVENTS_TOPIC = "meter-events";
    public static final String DEFAULT_READS_TOPIC = "interval-reads";
    public static final String DEFAULT_REQUESTS_TOPIC = "service-requests";
    public static final String DEFAULT_RESPONSES_TOPIC = "service-responses";
    /** The input topics by their default names. */
    public static final InputTopics DEFAULT_INPUT_TOPICS = new InputTopics(DEFAULT_EVENTS_TOPIC, DEFAULT_READS_TOPIC,
            DEFAULT_REQUESTS_TOPIC, DEFAULT_RESPONSES_TOPIC);
    public static final String DEFAULT_RULE_SETS_TOPIC = "rule-sets";

    public static Builder builder() {
        return new Builder();
    }

    /** True when alarms, voltage statistics and reliability figures also go to InfluxDB. */
    public boolean writesInflux() {
        return influxUrl != null;
    }

    /** Builds {@link LiveSettings}, with the defaults of {@link GridAlarmOptions}. */
    public static final class Builder {
        private String bootstrapServers;
        private Path registry;
        private Path ruleSet = GridAlarmOptions.defaultRuleSet();
        private RuleEngine engine = RuleEngine.DROOLS;
        private InputTopics inputTopics = DEFAULT_INPUT_TOPICS;
        private String ruleSetsTopic = DEFAULT_RULE_SETS_TOPIC;
        private Map<String, String> trustedKeys = Map.of();
        private Map<String, String> kafkaSettings = Map.of();
        private InfluxCredentials influxCredentials;
        private OutputTopics outputTopics = OutputTopics.DEFAULT;
        private String influxUrl;
        private String influxDatabase = "gridalarm";
        private String checkpoints;
        private Duration checkpointInterval = Duration.ofSeconds(2);
        private int parallelism = GridAlarmOptions.DEFAULT_PARALLELISM;
        private Duration outOfOrderBound = LiveClocks.DEFAULT.alertsOutOfOrder();
        private Duration readsOutOfOrderBound = LiveClocks.DEFAULT.readsOutOfOrder();
        private Duration readsLateness = GridAlarmOptions.DEFAULT_READS_LATENESS;
        private Duration quietPeriod = LiveClocks.DEFAULT.quietPeriod();
        private Duration idleAfter = LiveClocks.DEFAULT.idleAfter();
        private String groupId = "gridalarm";
        private String transactionalIdPrefix = "gridalarm";
        private Duration duplicateHorizon = GridAlarmOptions.DEFAULT_DUPLICATE_HORIZON;
        private StateBackendKind stateBackend = StateBackendKind.HASHMAP;
        private String registryTopic = KafkaAccess.REGISTRY_TOPIC;
        private Duration registryWait = GridAlarmOptions.DEFAULT_REGISTRY_WAIT;
        private String networkTopic = KafkaAccess.NETWORK_TOPIC;
        private Path network;
        private AlarmDelivery delivery = AlarmDelivery.EXACTLY_ONCE;

        public Builder bootstrapServers(String value) {
            if (value == null || !value.matches("[^\\s,:]+:\\d+(,[^\\s,:]+:\\d+)*")) {
                throw new IllegalArgumentException("The Kafka bootstrap address must be host:port[,host:port], not "
                        + value + ".");
            }
            this.bootstrapServers = value;
            return this;
        }

        public Builder registry(Path file) {
            this.registry = SettingsChecks.readableFile(file, "registry").toAbsolutePath();
            return this;
        }

        /** A network file to load into the network topic before the job starts. */
        public Builder network(Path file) {
            this.network = file == null ? null : SettingsChecks.readableFile(file, "network").toAbsolutePath();
            return this;
        }

        public Builder networkTopic(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("The network topic needs a name.");
            }
            this.networkTopic = value;
            return this;
        }

        public Builder registryTopic(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("The registry topic needs a name.");
            }
            this.registryTopic = value;
            return this;
        }

        public Builder registryWait(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("How long records wait for their meter's registry row must be "
                        + "zero or more, not " + value + ".");
            }
            this.registryWait = value;
            return this;
        }

        public Builder ruleSet(Path dir) {
            this.ruleSet = SettingsChecks.ruleSetFolder(dir).toAbsolutePath();
            return this;
        }

        public Builder engine(RuleEngine value) {
            this.engine = value;
            return this;
        }

        /** The event and read topics (the service request and response topics stay as they are). */
        public Builder inputTopics(String events, String reads) {
            return inputTopics(new InputTopics(events, reads, inputTopics.requests(), inputTopics.responses()));
        }

        public Builder inputTopics(InputTopics topics) {
            this.inputTopics = topics;
            return this;
        }

        public Builder ruleSetsTopic(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("The rule-sets control topic needs a name.");
            }
            this.ruleSetsTopic = value;
            return this;
        }

        public Builder outputTopics(OutputTopics value) {
            this.outputTopics = value;
            return this;
        }

        /** Alarms, voltage statistics and reliability figures also go to this InfluxDB server and database. */
        public Builder influx(String url, String database) {
            if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("The InfluxDB address must start with http:// or https://, not "
                        + url + ".");
            }
            if (database == null || database.isBlank() || database.contains("\"")) {
                throw new IllegalArgumentException("The InfluxDB database needs a name without quotes.");
            }
            this.influxUrl = url;
            this.influxDatabase = database;
            return this;
        }

        public Builder checkpoints(String location) {
            this.checkpoints = location;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            if (value == null || value.toMillis() < 100) {
                throw new IllegalArgumentException("The checkpoint interval must be at least 100 ms, not " + value
                        + ".");
            }
            this.checkpointInterval = value;
            return this;
        }

        public Builder parallelism(int value) {
            this.parallelism = SettingsChecks.parallelism(value);
            return this;
        }

        public Builder outOfOrderBound(Duration value) {
            this.outOfOrderBound = SettingsChecks.notNegative(value, "The out-of-order bound");
            return this;
        }

        public Builder readsOutOfOrderBound(Duration value) {
            this.readsOutOfOrderBound = SettingsChecks.notNegative(value, "The reads' out-of-order bound");
            return this;
        }

        public Builder stateBackend(StateBackendKind value) {
            if (value == null) {
                throw new IllegalArgumentException("The live job needs a state backend: hashmap or rocksdb.");
            }
            this.stateBackend = value;
            return this;
        }

        public Builder delivery(AlarmDelivery value) {
            if (value == null) {
                throw new IllegalArgumentException("The live job needs a delivery: exactly-once or at-least-once.");
            }
            this.delivery = value;
            return this;
        }

        /** Both out-of-order bounds, the quiet period and the idle time at once. */
        public Builder clocks(LiveClocks value) {
            return outOfOrderBound(value.alertsOutOfOrder()).readsOutOfOrderBound(value.readsOutOfOrder())
                    .quietPeriod(value.quietPeriod()).idleAfter(value.idleAfter());
        }

        /** After how long without records a topic partition is idle (checked with the quiet period on build). */
        public Builder idleAfter(Duration value) {
            this.idleAfter = value;
            return this;
        }

        public Builder readsLateness(Duration value) {
            this.readsLateness = SettingsChecks.readsLateness(value);
            return this;
        }

        public Builder quietPeriod(Duration value) {
            this.quietPeriod = SettingsChecks.quietPeriod(value);
            return this;
        }

        public Builder groupId(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("The Kafka consumer group needs a name.");
            }
            this.groupId = value;
            return this;
        }

        public Builder transactionalIdPrefix(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("The Kafka transactional id prefix needs a value.");
            }
            this.transactionalIdPrefix = value;
            return this;
        }

        public Builder duplicateHorizon(Duration value) {
            this.duplicateHorizon = SettingsChecks.duplicateHorizon(value);
            return this;
        }

        /**
         * The public keys whose signatures on published rule-set versions the job accepts: {@code .pub} files or
         * folders of them (see {@code rules keygen}).
         */
        public Builder trustedKeys(List<Path> filesOrFolders) {
            try {
                this.trustedKeys = RuleSetSigning.trustedKeys(filesOrFolders);
            } catch (IOException e) {
                throw new IllegalArgumentException("The trusted keys cannot be read: " + e.getMessage() + ".");
            }
            return this;
        }

        /** The InfluxDB writer user's credentials file (from {@code parties sync}), for a server with authentication. */
        public Builder influxCredentials(Path file) {
            this.influxCredentials = SettingsChecks.read(file, InfluxCredentials::read);
            return this;
        }

        /** Kafka client settings from a client properties file (security protocol, SASL, TLS trust store). */
        public Builder kafkaConfig(Path file) {
            this.kafkaSettings = SettingsChecks.read(file, KafkaClientConfig::settingsOf);
            return this;
        }

        /** Kafka client settings as they are (for a broker started here, whose client settings are known). */
        public Builder kafkaSettings(Map<String, String> settings) {
            this.kafkaSettings = Map.copyOf(settings);
            return this;
        }

        public LiveSettings build() {
            if (bootstrapServers == null) {
                throw new IllegalArgumentException("The live job needs the Kafka bootstrap address (--bootstrap).");
            }
            SettingsChecks.ruleSetPresent(ruleSet);
            new LiveClocks(outOfOrderBound, readsOutOfOrderBound, quietPeriod, idleAfter);
            // A transaction stays open from one checkpoint to the next; the broker aborts it past its timeout.
            if (delivery == AlarmDelivery.EXACTLY_ONCE
                    && checkpointInterval.toMillis() > KafkaOutput.TRANSACTION_TIMEOUT_MS / 2) {
                throw new IllegalArgumentException("Exactly-once delivery commits alarms with each checkpoint, in "
                        + "Kafka transactions the broker aborts after " + KafkaOutput.TRANSACTION_TIMEOUT_MS / 1000
                        + " s: the checkpoint interval must be at most half of that, not " + checkpointInterval
                        + " (or deliver at least once).");
            }
            return new LiveSettings(bootstrapServers, registry, ruleSet, engine, inputTopics, ruleSetsTopic,
                    outputTopics, influxUrl, influxDatabase, checkpoints, checkpointInterval, parallelism,
                    outOfOrderBound, readsOutOfOrderBound, readsLateness, quietPeriod, idleAfter, groupId,
                    transactionalIdPrefix, duplicateHorizon, trustedKeys, influxCredentials, kafkaSettings,
                    stateBackend, registryTopic, registryWait, networkTopic, network, delivery);
        }
    }
}
