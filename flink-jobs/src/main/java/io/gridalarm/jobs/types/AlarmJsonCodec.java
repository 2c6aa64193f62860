package io.gridalarm.jobs.types;

import io.gridalarm.model.Alarm;

/**
 * Alarms as JSON: their free-form details (numbers, strings, lists) are beyond Flink's POJO serializer, and JSON
 * is their contract anyway.
 */
public final class AlarmJsonCodec extends JsonCodec<Alarm> {

    private static final long serialVersionUID = 1L;

    public AlarmJsonCodec() {
        super(Alarm.class);
    }
}
