package io.gridalarm.connectors.kafka;

import io.gridalarm.model.Changelogs;
import io.gridalarm.model.InputException;
import io.gridalarm.model.NetworkAsset;
import io.gridalarm.model.NetworkCsv;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * Loads the registry and the network tree into their compacted changelog topics: a value per meter (its whole
 * history) and per asset, only what changed sent, a tombstone for each meter or asset gone from the files.
 */
public final class RegistryTopics {

    /** What a load changed on each topic ({@code network}: null when no network file was given). */
    public record Loaded(CompactedTopic.Changes registry, CompactedTopic.Changes network) {
    }

    private RegistryTopics() {
    }

    /**
     * Sends the files' changes ({@code networkFile}: null to leave the network topic as it is), creating the topics
     * with {@code partitions} when missing; a file that cannot be used is refused with file, line and reason before
     * anything is sent.
     */
    public static Loaded load(KafkaClientConfig client, Path registryFile, Path networkFile, String registryTopic,
                              String networkTopic, int partitions)
            throws InputException, ExecutionException, InterruptedException {
        Registry meters = RegistryCsv.read(registryFile);
        Map<String, NetworkAsset> assets = networkFile == null ? null : NetworkCsv.read(networkFile);
        // Values are made one at a time as they are sent: a registry of millions of meters is held once.
        CompactedTopic.Changes registry = CompactedTopic.load(client, registryTopic, partitions,
                new TreeSet<>(meters.meterIds()), meterId -> Changelogs.meterValue(meters.rowsOf(meterId)));
        CompactedTopic.Changes network = assets == null ? null : CompactedTopic.load(client, networkTopic, partitions,
                assets.keySet(), assetId -> Changelogs.assetValue(assets.get(assetId), assets));
        return new Loaded(registry, network);
    }
}
