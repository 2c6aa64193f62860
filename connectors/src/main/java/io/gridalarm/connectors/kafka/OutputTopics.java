package io.gridalarm.connectors.kafka;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.PartyType;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Which Kafka topic each output line goes to: a party's alarms to the topic of its party type keyed by the party
 * id, dead letters, the routing audit trail and rule-set status to their own topics. Lines of other buckets are not for Kafka.
 */
public record OutputTopics(String networkOperatorAlarms, String supplierAlarms, String deadLetters, String audit,
                           String ruleSetStatus) implements Serializable {

    /** The topic names used when none are given. */
    public static final OutputTopics DEFAULT = new OutputTopics("alarms.network-operator", "alarms.supplier",
            "dead-letters", "alarm-audit", "rule-set-status");

    /** The default names with a prefix. */
    public static OutputTopics prefixed(String prefix) {
        return new OutputTopics(prefix + DEFAULT.networkOperatorAlarms, prefix + DEFAULT.supplierAlarms,
                prefix + DEFAULT.deadLetters, prefix + DEFAULT.audit, prefix + DEFAULT.ruleSetStatus);
    }

    /** Every topic, for creating them. */
    public List<String> all() {
        return List.of(networkOperatorAlarms, supplierAlarms, deadLetters, audit, ruleSetStatus);
    }

    public OutputTopics {
        for (String topic : new String[] {networkOperatorAlarms, supplierAlarms, deadLetters, audit, ruleSetStatus}) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("Every output topic needs a name; one was blank.");
            }
        }
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
        String operator = PartyType.NETWORK_OPERATOR.slug() + "/";
        String supplier = PartyType.SUPPLIER.slug() + "/";
        if (bucket.startsWith(operator)) {
            return new Destination(networkOperatorAlarms, bucket.substring(operator.length()));
        }
        if (bucket.startsWith(supplier)) {
            return new Destination(supplierAlarms, bucket.substring(supplier.length()));
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
