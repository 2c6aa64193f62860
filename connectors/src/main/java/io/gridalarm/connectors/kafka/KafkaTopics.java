package io.gridalarm.connectors.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a broker does not have yet, each with its partitions (replication 1, as on one node). */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /**
     * Creates every topic of {@code partitionsByTopic} that the admin cannot see yet, and returns the names it
     * created. One created meanwhile by someone else (a job's first alarm for a new party) counts as there.
     */
    public static List<String> createMissing(Admin admin, Map<String, Integer> partitionsByTopic)
            throws ExecutionException, InterruptedException {
        return createMissing(admin, partitionsByTopic, topic -> false);
    }

    /** As above, those topics that {@code compacted} names created to keep the latest record of each key. */
    public static List<String> createMissing(Admin admin, Map<String, Integer> partitionsByTopic,
                                             Predicate<String> compacted)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        partitionsByTopic.forEach((topic, partitions) -> {
            if (!existing.contains(topic)) {
                NewTopic created = new NewTopic(topic, partitions, (short) 1);
                missing.add(compacted.test(topic) ? created.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT)) : created);
            }
        });
        if (missing.isEmpty()) {
            return List.of();
        }
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return missing.stream().map(NewTopic::name).toList();
    }
}
