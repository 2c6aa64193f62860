package io.gridalarm.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Kafka client file: read, merged under each client's own settings, refused when it overrides them, masked. */
class KafkaClientConfigTest {

    @TempDir
    Path dir;

    @Test
    void aClientFileIsAppliedUnderEachClientsOwnSettings() throws Exception {
        Path file = dir.resolve("alfa.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "request.timeout.ms=9000\n");
        KafkaClientConfig client = KafkaClientConfig.read("127.0.0.1:9092", file);
        Map<String, Object> config = client.clientConfig(Map.of("request.timeout.ms", "1000", "group.id", "g"));
        assertEquals("SASL_SSL", config.get("security.protocol"));
        assertEquals("127.0.0.1:9092", config.get("bootstrap.servers"));
        assertEquals("1000", config.get("request.timeout.ms"), "the client's own setting wins");
    }

    @Test
    void aFileThatSetsWhatGridalarmSetsPerClientIsRefusedWithFileAndKey() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "isolation.level=read_uncommitted\n");
        InputException e = assertThrows(InputException.class, () -> KafkaClientConfig.settingsOf(file));
        assertTrue(e.getMessage().startsWith(file + ": 'isolation.level' is set by gridalarm"), e.getMessage());
        assertThrows(InputException.class, () -> KafkaClientConfig.settingsOf(dir.resolve("missing.properties")));
    }

    @Test
    void secretsNeverShowWhenTheConfigIsPrinted() {
        KafkaClientConfig client = new KafkaClientConfig("127.0.0.1:9092", ScramClients.settings("supplier-ALFA",
                "s3cret-password"));
        assertFalse(client.toString().contains("s3cret-password"), client.toString());
        assertTrue(client.toString().contains("sasl.jaas.config=(hidden)"), client.toString());
        assertEquals("s3cret-password", ScramClients.passwordOf(client.settings()));
    }
}
