package io.gridalarm.rules;

import io.gridalarm.model.MeterRecord;
import io.gridalarm.rules.fact.AssetStatus;
import io.gridalarm.rules.fact.FeederRecovery;
import io.gridalarm.rules.fact.GroupVerdict;
import io.gridalarm.rules.fact.NestedVerdict;
import io.gridalarm.rules.fact.Silence;
import io.gridalarm.rules.fact.SwitchingSpread;
import io.gridalarm.rules.fact.SwitchingVerdict;
import io.gridalarm.rules.fact.VoltageSpread;
import io.gridalarm.rules.fact.VoltageVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule set ready to evaluate records of one meter at a time: given a record and the meter's state before it,
 * the alarms it raises and the state after it. Implementations are not thread-safe; use one per operator.
 */
public interface MeterRules extends AutoCloseable {

    /** How often each rule has fired in this evaluator, by rule name (empty when the rules are not DRL). */
    default Map<String, Long> firedRules() {
        return Map.of();
    }

    /**
     * Evaluates one record; {@code state} is null when nothing is remembered about the meter. What time alone
     * changes up to the record's time (a confirmation delay running out) is settled first.
     */
    Evaluation evaluate(MeterRecord record, MeterState state);

    /** The clock reached {@code now} with no record of this meter: settles what time alone changes. */
    Evaluation settle(Instant now, MeterState state);

    /** The meter has been silent (no reads) for a while: rules decide whether that is a comms loss. */
    Evaluation silence(Silence silence, MeterState state);

    /** When time alone will next change this meter's state (see {@link #settle}), or null. */
    Instant nextDeadline(MeterState state);

    /**
     * Decides which assets of one location are off supply as a group, from how many of each asset's meters are off
     * (confirmed); the verdicts on an asset's children may make it off as a group too.
     */
    List<GroupVerdict> classifyOutages(List<AssetStatus> assets);

    /**
     * Decides which assets of one location have their supply voltage out of range as a whole (a tap or transformer
     * problem), from how many of each asset's meters are out of range together; the verdicts on an asset's children
     * may make it out of range as a whole too.
     */
    List<VoltageVerdict> classifyVoltage(List<VoltageSpread> assets);

    /**
     * Decides below which assets of one location so many meters were switched the same way within minutes that it is
     * a risk to the network (a mass disconnection, or cold-load pickup), from how many of each asset's meters were.
     */
    List<SwitchingVerdict> classifySwitching(List<SwitchingSpread> assets);

    /**
     * Decides on which feeders of a group outage the meters still off are nested outages (second faults behind
     * the first), from how far each feeder has come back.
     */
    List<NestedVerdict> classifyNested(List<FeederRecovery> feeders);

    /** {@code name@version} of the rule set, stamped on every alarm. */
    String ruleSetId();

    @Override
    void close();
}
