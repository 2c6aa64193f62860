package io.gridalarm.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.connectors.kafka.CompactedTopic;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.model.Changelogs;
import io.gridalarm.model.RegistryRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code registry load} against a real broker: only changes are sent, removals are tombstones, twice is nothing. */
class RegistryLoadITCase {

    private static final String HEADER = "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n";
    private static final String NETWORK = "assetId,parentId,kind,name\n"
            + "P1,,PRIMARY_SUBSTATION,Northgate\n"
            + "HV1,P1,HV_FEEDER,\n"
            + "S1,HV1,SECONDARY_SUBSTATION,\n"
            + "F1,S1,LV_FEEDER,\n";

    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(0, shared.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private CliRun load(String topicPrefix, String registry, String network) throws Exception {
        Path registryFile = Files.writeString(dir.resolve("registry.csv"), HEADER + registry);
        Path networkFile = Files.writeString(dir.resolve("network.csv"), network);
        return CliRun.of("registry", "load", "--bootstrap", kafka.bootstrapServers(), "--registry",
                registryFile.toString(), "--network", networkFile.toString(), "--registry-topic",
                topicPrefix + ".registry", "--network-topic", topicPrefix + ".network");
    }

    private static long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(KafkaClientConfig.plain(kafka.bootstrapServers()).clientConfig(Map.of()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            long total = 0;
            for (int p = 0; p < partitions; p++) {
                ListOffsetsResult result = admin.listOffsets(Map.of(new TopicPartition(topic, p), OffsetSpec.latest()));
                total += result.partitionResult(new TopicPartition(topic, p)).get().offset();
            }
            return total;
        }
    }

    @Test
    void aSecondLoadOfTheSameFilesSendsNothingAndTheTopicsAreCompacted() throws Exception {
        String meters = "M1,ELECTRICITY,F1,S1,10,ALFA,2025-01-01\nM2,GAS,,,XW,BRVO,2025-01-01\n";
        CliRun first = load("same", meters, NETWORK);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("registry (topic same.registry): 2 added, 0 changed, 0 removed, 0 unchanged"),
                first.out());
        assertTrue(first.out().contains("network (topic same.network): 4 added, 0 changed, 0 removed, 0 unchanged"),
                first.out());
        long registryRecords = endOffsets("same.registry");
        long networkRecords = endOffsets("same.network");

        CliRun second = load("same", meters, NETWORK);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("0 added, 0 changed, 0 removed, 2 unchanged"), second.out());
        assertTrue(second.out().contains("0 added, 0 changed, 0 removed, 4 unchanged"), second.out());
        assertEquals(registryRecords, endOffsets("same.registry"), "nothing sent the second time");
        assertEquals(networkRecords, endOffsets("same.network"));

        try (Admin admin = Admin.create(KafkaClientConfig.plain(kafka.bootstrapServers()).clientConfig(Map.of()))) {
            for (String topic : List.of("same.registry", "same.network")) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
                assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT,
                        config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), topic);
            }
        }
    }

    @Test
    void aChangeOfSupplierSendsTheMetersWholeHistoryAndARemovedMeterOrAssetIsATombstone() throws Exception {
        CliRun first = load("change", "M1,ELECTRICITY,F1,S1,10,ALFA,2025-01-01\n"
                + "M2,ELECTRICITY,F1,S1,10,BRVO,2025-01-01\nM3,ELECTRICITY,F1,S1,10,BRVO,2025-01-01\n", NETWORK);
        assertEquals(0, first.code(), first.err());
        long before = endOffsets("change.registry");

        CliRun second = load("change", "M1,ELECTRICITY,F1,S1,10,ALFA,2025-01-01\n"
                        + "M1,ELECTRICITY,F1,S1,10,CHRL,2026-11-20T12:00:00Z\n"
                        + "M2,ELECTRICITY,F1,S1,10,BRVO,2025-01-01\nM4,ELECTRICITY,F1,S1,10,ALFA,2026-11-01\n",
                NETWORK.replace("F1,S1,LV_FEEDER,\n", ""));
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("registry (topic change.registry): 1 added, 1 changed, 1 removed, "
                + "1 unchanged"), second.out());
        assertTrue(second.out().contains("network (topic change.network): 0 added, 0 changed, 1 removed, "
                + "3 unchanged"), second.out());
        assertEquals(before + 3, endOffsets("change.registry"), "only M1, M4 and M3's tombstone were sent");

        Map<String, byte[]> registry = CompactedTopic.read(KafkaClientConfig.plain(kafka.bootstrapServers()),
                "change.registry");
        assertEquals(Set.of("M1", "M2", "M4"), registry.keySet(), "M3's tombstone removes it");
        List<RegistryRow> history = Changelogs.meterHistory("M1", registry.get("M1")).rows();
        assertEquals(List.of("ALFA", "CHRL"), history.stream().map(RegistryRow::supplier).toList(),
                "the past supplier is kept in the value, so compaction never loses it");
        Map<String, byte[]> network = CompactedTopic.read(KafkaClientConfig.plain(kafka.bootstrapServers()),
                "change.network");
        assertFalse(network.containsKey("F1"));
        assertNull(network.get("F1"));
    }

    @Test
    void aNetworkFileThatCannotBeUsedIsRefusedWithFileLineAndReasonAndNothingIsSent() throws Exception {
        CliRun run = load("refused", "M1,ELECTRICITY,F1,S1,10,ALFA,2025-01-01\n",
                NETWORK + "F2,HV1,TRANSFORMER,\n");
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().contains("network.csv:6: kind 'TRANSFORMER' is not one of LV_FEEDER"), run.err());
        try (Admin admin = Admin.create(KafkaClientConfig.plain(kafka.bootstrapServers()).clientConfig(Map.of()))) {
            assertFalse(admin.listTopics().names().get().contains("refused.registry"), "nothing was sent");
        }
    }
}
