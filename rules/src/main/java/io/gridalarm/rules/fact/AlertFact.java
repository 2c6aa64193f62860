package io.gridalarm.rules.fact;

import io.gridalarm.model.AlertCategory;
import io.gridalarm.model.AlertCode;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import java.time.Instant;
import java.util.Map;

/**
 * A meter event as rules see it: the event, what its GBCS code means, the meter's registry row, and for an alert
 * of a failed connection or disconnection the awaited command it answers ({@code command}; null when none).
 */
public record AlertFact(MeterEvent event, AlertCode alert, RegistryRow meter, ServiceRequest command) {

    /** An alert that answers no command. */
    public AlertFact(MeterEvent event, AlertCode alert, RegistryRow meter) {
        this(event, alert, meter, null);
    }

    /** Which raising category each GBCS "back to normal" voltage code ends. */
    private static final Map<String, AlertCategory> NORMAL_CODE_ENDS = Map.of(
            "0x8085", AlertCategory.VOLTAGE_HIGH,
            "0x8089", AlertCategory.VOLTAGE_LOW,
            "0x808D", AlertCategory.VOLTAGE_EXTREME_HIGH,
            "0x8091", AlertCategory.VOLTAGE_SWELL,
            "0x8095", AlertCategory.VOLTAGE_EXTREME_LOW,
            "0x8099", AlertCategory.VOLTAGE_SAG);

    public String meterId() {
        return meter.meterId();
    }

    public String code() {
        return alert.code();
    }

    public String description() {
        return alert.name();
    }

    public AlertCategory category() {
        return alert.category();
    }

    public Instant time() {
        return event.time();
    }

    /** The phase from the event, else the one the code names, else null. */
    public Integer phase() {
        return event.phase() != null ? event.phase() : alert.phase();
    }

    /** For a "voltage back to normal" code, the category of excursion it ends; else null. */
    public AlertCategory endsCategory() {
        return NORMAL_CODE_ENDS.get(alert.code());
    }

    /** The open-alarm key of a voltage alert: one alarm per excursion category and phase. */
    public String voltageAlertKey() {
        return voltageAlertKeyPrefix(alert.category()) + (phase() == null ? "all" : phase().toString());
    }

    /** The start shared by the open-alarm keys of every phase of one excursion category. */
    public String voltageAlertKeyPrefix(AlertCategory category) {
        return "VOLTAGE_ALERT/" + category + "/";
    }
}
