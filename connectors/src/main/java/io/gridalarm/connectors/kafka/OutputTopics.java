package io.gridalarm.connectors.kafka;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.PartyType;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Which Kafka topic each output line goes to: a party's alarms to the topic of its party type keyed by the party
 * id, dead letters and the routing audit trail to their own topics. Lines of other buckets are not for Kafka.
 */
public record OutputTopics(String networkOperatorAlarms, String supplierAlarms, String deadLetters, String audit)
        implements Serializable {

    /** The topic names used when none are given. */
    public static final OutputTopics DEFAULT = new OutputTopics("alarms.network-operator", "alarms.supplier",
            "dead-letters", "alarm-audit");

    public OutputTopics {
        for (String topic : new String[] {networkOperatorAlarms, supplierAlarms, deadLetters, audit}) {
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
