package io.gridalarm.connectors.kafka;

import io.gridalarm.connectors.SecretFiles;
import io.gridalarm.model.InputException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How every Kafka client gridalarm makes reaches the brokers: the bootstrap address, and the client settings of a
 * Kafka client properties file (security protocol, SASL mechanism and JAAS line, trust store), so that one file
 * given with {@code --kafka-config} authenticates the job's sources and sinks, its admin calls and the tools alike.
 *
 * @param bootstrapServers the brokers, host:port[,host:port]
 * @param settings         client settings applied to every client; gridalarm's own per-client settings win
 */
public record KafkaClientConfig(String bootstrapServers, Map<String, String> settings) implements Serializable {

    /** Settings gridalarm chooses per client, which a shared file may not override. */
    private static final List<String> PER_CLIENT = List.of("bootstrap.servers", "key.serializer",
            "value.serializer", "key.deserializer", "value.deserializer", "transactional.id", "isolation.level",
            "enable.auto.commit");

    public KafkaClientConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("A Kafka client needs the brokers' bootstrap address (host:port).");
        }
        settings = Map.copyOf(settings);
    }

    /** Clients with no settings beyond the address: a broker without authentication. */
    public static KafkaClientConfig plain(String bootstrapServers) {
        return new KafkaClientConfig(bootstrapServers, Map.of());
    }

    /** Clients with the settings of a Kafka client properties file (see {@link #settingsOf}). */
    public static KafkaClientConfig read(String bootstrapServers, Path file) throws InputException {
        return new KafkaClientConfig(bootstrapServers, settingsOf(file));
    }

    /** The settings of a Kafka client properties file, refused with the file and reason when unusable. */
    public static Map<String, String> settingsOf(Path file) throws InputException {
        Map<String, String> settings = SecretFiles.read(file, "Kafka client properties file");
        for (String key : settings.keySet()) {
            if (PER_CLIENT.contains(key)) {
                throw new InputException(file + ": '" + key + "' is set by gridalarm for each client; remove it "
                        + "(the brokers are given with --bootstrap)");
            }
        }
        return settings;
    }

    /** A client's whole configuration: these settings, the address, then the client's own {@code specific}. */
    public Map<String, Object> clientConfig(Map<String, ?> specific) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put("bootstrap.servers", bootstrapServers);
        config.putAll(specific);
        return config;
    }

    /** The shared settings as properties, for builders that take them so (Flink's Kafka source and sink). */
    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }

    /** The settings with every secret (a JAAS line, a password) masked, for logs and messages. */
    public static Map<String, String> masked(Map<String, String> settings) {
        Map<String, String> masked = new TreeMap<>(settings);
        masked.replaceAll((key, value) -> key.contains("jaas") || key.contains("password") ? "(hidden)" : value);
        return masked;
    }

    @Override
    public String toString() {
        return "KafkaClientConfig[" + bootstrapServers + ", " + masked(settings) + "]";
    }
}
