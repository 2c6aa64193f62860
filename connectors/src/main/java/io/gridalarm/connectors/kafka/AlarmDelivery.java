package io.gridalarm.connectors.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;

/** How the live job's output reaches Kafka: with its checkpoints, or as soon as it is made. */
public enum AlarmDelivery {

    /**
     * In Kafka transactions committed with each checkpoint: a {@code read_committed} consumer sees every alarm once,
     * across crashes and restarts, one checkpoint interval (and the checkpoint's own time) after it was made.
     */
    EXACTLY_ONCE("exactly-once", DeliveryGuarantee.EXACTLY_ONCE),
    /**
     * Sent as soon as it is made, flushed at each checkpoint: seen within milliseconds, but after a crash the
     * alarms made since the last checkpoint are made and sent again, each identical to the first (same alarm id,
     * status and times), so a consumer recognises the repeat.
     */
    AT_LEAST_ONCE("at-least-once", DeliveryGuarantee.AT_LEAST_ONCE);

    private final String optionName;
    private final DeliveryGuarantee guarantee;

    AlarmDelivery(String optionName, DeliveryGuarantee guarantee) {
        this.optionName = optionName;
        this.guarantee = guarantee;
    }

    /** The name a user gives on the command line. */
    public String optionName() {
        return optionName;
    }

    DeliveryGuarantee guarantee() {
        return guarantee;
    }
}
