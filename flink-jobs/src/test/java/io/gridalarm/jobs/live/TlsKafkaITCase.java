package io.gridalarm.jobs.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.jobs.cli.GridAlarmCli;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.model.PartyType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secure broker over TLS (SASL_SSL), with a certificate made for the test: the client files {@code parties sync}
 * writes carry the trust store and work; a client without TLS, or one that does not trust the certificate, is
 * refused before it can authenticate.
 */
class TlsKafkaITCase {

    @TempDir
    static Path shared;
    private static LocalKafka kafka;
    private static Path credentials;

    @BeforeAll
    static void startTlsBrokerAndSyncParties() throws Exception {
        kafka = LocalKafka.start(0, shared.resolve("kafka"), LocalKafka.Security.SCRAM_TLS);
        credentials = shared.resolve("credentials");
        assertEquals(0, GridAlarmCli.execute("parties", "sync", "--bootstrap", kafka.bootstrapServers(),
                "--kafka-config", kafka.adminConfig().toString(), "--registry",
                LiveFixture.SAMPLES.resolve("registry.csv").toString(), "--credentials", credentials.toString()));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, String> partySettings() throws Exception {
        return KafkaClientConfig.settingsOf(KafkaAccess.credentialsFile(credentials, "supplier-ALFA"));
    }

    private static List<String> topicsSeenWith(Map<String, String> settings) {
        KafkaClientConfig client = new KafkaClientConfig(kafka.bootstrapServers(), settings);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client.clientConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "supplier-ALFA.tls", ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                "8000", ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000")), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return List.copyOf(consumer.listTopics().keySet());
        }
    }

    @Test
    void aPartysClientFileReachesItsTopicOverTls() throws Exception {
        assertEquals("SASL_SSL", partySettings().get("security.protocol"));
        assertEquals(Set.copyOf(OutputTopics.DEFAULT.partyTopics(PartyType.SUPPLIER, "ALFA")),
                Set.copyOf(topicsSeenWith(partySettings())));
    }

    @Test
    void aClientWithoutTlsIsRefused() throws Exception {
        Map<String, String> plain = new HashMap<>(partySettings());
        plain.put("security.protocol", "SASL_PLAINTEXT");
        plain.keySet().removeIf(k -> k.startsWith("ssl."));
        assertThrows(RuntimeException.class, () -> topicsSeenWith(plain));
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
        Map<String, String> untrusting = new HashMap<>(partySettings());
        untrusting.keySet().removeIf(k -> k.startsWith("ssl."));
        RuntimeException e = assertThrows(RuntimeException.class, () -> topicsSeenWith(untrusting));
        assertTrue(rootCauseMessage(e).contains("PKIX") || rootCauseMessage(e).contains("SSL"), rootCauseMessage(e));
        try (Admin admin = Admin.create(new KafkaClientConfig(kafka.bootstrapServers(), untrusting).clientConfig(
                Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000",
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000")))) {
            assertThrows(ExecutionException.class, () -> admin.listTopics().names().get());
        }
    }

    private static String rootCauseMessage(Throwable e) {
        Throwable cause = e;
        StringBuilder messages = new StringBuilder();
        while (cause != null) {
            messages.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(" / ");
            cause = cause.getCause();
        }
        return messages.toString();
    }
}
