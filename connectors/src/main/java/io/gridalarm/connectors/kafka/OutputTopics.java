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
 * alarms: Kafka can restrict reading by topic, never by key. Dead letters, the routing audit trail and rule-set
 * status go to their own operator-only topics. Lines of other buckets are not for Kafka.
 */
public record OutputTopics(String partyAlarms, String deadLetters, String audit, String ruleSetStatus)
        implements Serializable {

    /** The topic names used when none are given. */
    public static final OutputTopics DEFAULT = new OutputTopics("alarms.", "dead-letters", "alarm-audit",
            "rule-set-status");

    public OutputTopics {
        for (String topic : new String[] {partyAlarms, deadLetters, audit, ruleSetStatus}) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("Every output topic needs a name; one was blank.");
            }
        }
    }

    /** The default names with a prefix. */
    public static OutputTopics prefixed(String prefix) {
        return new OutputTopics(prefix + DEFAULT.partyAlarms, prefix + DEFAULT.deadLetters, prefix + DEFAULT.audit,
                prefix + DEFAULT.ruleSetStatus);
    }

    /** The operator-only topics (every party's own topic comes on top, see {@link #partyTopic}). */
    public List<String> all() {
        return List.of(deadLetters, audit, ruleSetStatus);
    }

    /** The topic of one party's alarms; the id is made safe as in the party's file name. */
    public String partyTopic(PartyType type, String partyId) {
        return topicOfBucket(OutputLine.partyBucket(type, partyId));
    }

    /** The topic of a party bucket ({@code supplier/ALFA} becomes {@code <partyAlarms>supplier.ALFA}). */
    private String topicOfBucket(String partyBucket) {
        return partyAlarms + partyBucket.replace('/', '.');
    }

    /** Every party's alarm topic, for a consumer that reads them all (the operator's, never a party's). */
    public Pattern partyTopicPattern() {
        return Pattern.compile(Pattern.quote(partyAlarms) + "(" + Arrays.stream(PartyType.values())
                .map(PartyType::slug).collect(Collectors.joining("|")) + ")\\..+");
    }

    /** The party bucket ({@code supplier/ALFA}) whose alarms a topic holds, or null for another topic. */
    public String bucketOf(String topic) {
        if (!topic.startsWith(partyAlarms)) {
            return null;
        }
        String rest = topic.substring(partyAlarms.length());
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
        for (PartyType type : PartyType.values()) {
            String party = type.slug() + "/";
            if (bucket.startsWith(party)) {
                return new Destination(topicOfBucket(bucket), bucket.substring(party.length()));
            }
        }
        return null;
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
