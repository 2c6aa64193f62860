package io.gridalarm.connectors.kafka;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.PartyType;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which Kafka topic each output line goes to. Each party has a topic of its own,
 * {@code <partyAlarms><party-type>.<party-id>} (by default {@code alarms.supplier.ALFA},
 * {@code alarms.network-operator.12}), so that the broker, not the consumer, keeps one party from reading another's
 * alarms: Kafka can restrict reading by topic, never by key. In the same way each party has a compacted topic of its
 * meters' supply states, {@code <partySupplyState><party-type>.<party-id>} (by default
 * {@code supply-state.supplier.ALFA}), keyed by meter, so that it holds each meter's latest state. Dead letters, the
 * routing audit trail and rule-set status go to their own operator-only topics, and the service requests the job
 * sends the DCC (supply status reads) to the topic the DCC adapter reads. Lines of other buckets are not for Kafka.
 */
public record OutputTopics(String partyAlarms, String deadLetters, String audit, String ruleSetStatus,
                           String partySupplyState, String dccRequests) implements Serializable {

    /** The topic names used when none are given. */
    public static final OutputTopics DEFAULT = new OutputTopics("alarms.", "dead-letters", "alarm-audit",
            "rule-set-status", "supply-state.", "dcc-requests");

    public OutputTopics {
        for (String topic : new String[] {partyAlarms, deadLetters, audit, ruleSetStatus, partySupplyState,
                dccRequests}) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("Every output topic needs a name; one was blank.");
            }
        }
    }

    /** The default names with a prefix. */
    public static OutputTopics prefixed(String prefix) {
        return new OutputTopics(prefix + DEFAULT.partyAlarms, prefix + DEFAULT.deadLetters, prefix + DEFAULT.audit,
                prefix + DEFAULT.ruleSetStatus, prefix + DEFAULT.partySupplyState, prefix + DEFAULT.dccRequests);
    }

    /** The topics that are no party's (every party's own topics come on top, see {@link #partyTopics}). */
    public List<String> all() {
        return List.of(deadLetters, audit, ruleSetStatus, dccRequests);
    }

    /** The topic of one party's alarms; the id is made safe as in the party's file name. */
    public String partyTopic(PartyType type, String partyId) {
        return topicOfBucket(partyAlarms, OutputLine.partyBucket(type, partyId));
    }

    /** Both topics of one party: its alarms and its meters' supply states. */
    public List<String> partyTopics(PartyType type, String partyId) {
        return List.of(partyTopic(type, partyId), supplyStateTopic(type, partyId));
    }

    /** The compacted topic of one party's meters' supply states, keyed by meter. */
    public String supplyStateTopic(PartyType type, String partyId) {
        return topicOfBucket(partySupplyState, OutputLine.partyBucket(type, partyId));
    }

    /** True for a topic that keeps the latest value per key (a party's supply states): it is created compacted. */
    public boolean isCompacted(String topic) {
        return topic.startsWith(partySupplyState);
    }

    /** The topic of a party bucket ({@code supplier/ALFA} becomes {@code <partyAlarms>supplier.ALFA}). */
    private static String topicOfBucket(String prefix, String partyBucket) {
        return prefix + partyBucket.replace('/', '.');
    }

    /** Every party's alarm topic, for a consumer that reads them all (the operator's, never a party's). */
    public Pattern partyTopicPattern() {
        return partyTopicsUnder(partyAlarms);
    }

    /** Every party's supply-state topic, for a consumer that reads them all (the operator's). */
    public Pattern supplyStateTopicPattern() {
        return partyTopicsUnder(partySupplyState);
    }

    private static Pattern partyTopicsUnder(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "(" + Arrays.stream(PartyType.values())
                .map(PartyType::slug).collect(Collectors.joining("|")) + ")\\..+");
    }

    /** The party bucket ({@code supplier/ALFA}) whose alarms a topic holds, or null for another topic. */
    public String bucketOf(String topic) {
        return partyBucketUnder(partyAlarms, topic);
    }

    /** The party bucket ({@code supplier/ALFA}) whose supply states a topic holds, or null for another topic. */
    public String supplyStateBucketOf(String topic) {
        return partyBucketUnder(partySupplyState, topic);
    }

    private static String partyBucketUnder(String prefix, String topic) {
        if (!topic.startsWith(prefix)) {
            return null;
        }
        String rest = topic.substring(prefix.length());
        for (PartyType type : PartyType.values()) {
            if (rest.startsWith(type.slug() + ".") && rest.length() > type.slug().length() + 1) {
                return type.slug() + "/" + rest.substring(type.slug().length() + 1);
            }
        }
        return null;
    }

    /** A line's destination, or null when the line is not for Kafka. */
    public Destination destinationOf(OutputLine line) {
        String bucket = line.bucket();
        if (bucket.equals(OutputLine.DEAD_LETTERS)) {
            return new Destination(deadLetters, null);
        }
        if (bucket.equals(OutputLine.AUDIT)) {
            return new Destination(audit, null);
        }
        if (bucket.equals(OutputLine.RULE_SET_STATUS)) {
            return new Destination(ruleSetStatus, null);
        }
        if (bucket.equals(OutputLine.DCC_REQUESTS)) {
            return new Destination(dccRequests, line.key());
        }
        String supplyStates = OutputLine.partyOfSupplyState(bucket);
        if (supplyStates != null) {
            return line.key() == null ? null : new Destination(topicOfBucket(partySupplyState, supplyStates),
                    line.key());
        }
        PartyType type = OutputLine.partyTypeOf(bucket);
        return type == null ? null
                : new Destination(topicOfBucket(partyAlarms, bucket), bucket.substring(type.slug().length() + 1));
    }

    /** A topic and the record key (null for none). */
    public record Destination(String topic, String key) {
        public Destination {
            Objects.requireNonNull(topic, "topic");
        }

        public byte[] keyBytes() {
            return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        }
    }
}
