package io.gridalarm.rules;

import io.gridalarm.model.DuisService;
import io.gridalarm.model.ReadLimits;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A rule-set version's thresholds ({@code thresholds.csv}), with a named accessor for each one Java reads. The rule
 * for a missing value is one: each step Java runs for the rules ({@link Step}) is on exactly when some rule uses the
 * fact it feeds them, and then every threshold it reads must be in the file, or reading the version refuses it. A
 * step that is off reads nothing, so no accessor ever falls back on a default.
 */
public record Thresholds(Map<String, Double> values, Set<Step> steps) {

    /** Minutes after a loss of supply before it is a long interruption (confirmed by the clock). */
    public static final String CONFIRMATION_MINUTES = "outage.confirmationMinutes";
    /** Minutes a confirmed meter outage waits for its neighbours before it is sent alone. */
    public static final String GROUP_WINDOW_MINUTES = "outage.groupWindowMinutes";
    /** Share of a group's meters back on supply after which the rest may be nested faults. */
    public static final String NESTED_RESTORED_SHARE = "outage.nestedRestoredShare";
    /** Minutes at least between two UPDATED emissions of one group outage. */
    public static final String UPDATE_MINUTES = "outage.updateMinutes";
    /** Share of a group's meters that must have changed since its last emission for an UPDATED (optional: 0). */
    public static final String UPDATE_MIN_SHARE = "outage.updateMinShare";
    /** Minutes after most of a group is back before meters still off are nested outages. */
    public static final String NESTED_DELAY_MINUTES = "outage.nestedDelayMinutes";
    /** Minutes a meter's voltage alert waits for its neighbours' before it is sent alone. */
    public static final String VOLTAGE_ALERT_WINDOW_MINUTES = "voltage.alertGroupWindowMinutes";
    /** Intervals without a read before a meter is shown to the rules as silent. */
    public static final String COMMS_LOSS_INTERVALS = "commsLoss.missedIntervals";
    /**
     * Minutes after a command was to act before its outcome is overdue; {@code <name>.<service reference>} (e.g.
     * {@code supplyControl.outcomeMinutes.7.4}), when present, for that service alone.
     */
    public static final String OUTCOME_MINUTES = "supplyControl.outcomeMinutes";
    /** Hours an unconfirmed (or duplicate) command waits for a late outcome before it is forgotten. */
    public static final String LATE_OUTCOME_HOURS = "supplyControl.lateOutcomeHours";
    /** Hours over which the load limiter's automatic reconnections are counted. */
    public static final String LIMITER_WINDOW_HOURS = "supplyControl.limiterWindowHours";
    /** Minutes over which the meters switched below each asset are counted for the switching risk. */
    public static final String SWITCHING_WINDOW_MINUTES = "supplyControl.switchingWindowMinutes";

    /** Meters of each nested outage whose supply status is read to verify it (optional: none without it). */
    public static final String STATUS_READS_PER_NESTED = "verification.statusReadsPerNestedOutage";
    /** Supply status reads each network operator sends at most per minute (with the one above). */
    public static final String STATUS_READS_PER_MINUTE = "verification.statusReadsPerMinute";

    /**
     * Restoration verification (ENA use cases 13 and 15): how many meters of each nested outage have their supply
     * status read, and how far apart one network operator's reads go out.
     */
    public record StatusReads(int perNestedOutage, Duration spacing) {
    }

    /** What Java does for the rules, the facts that show a rule set uses it, and the thresholds it reads. */
    public enum Step {
        /** Supply tracking: alerts, reads and the clock become {@code SupplyEvent}s. */
        SUPPLY("SupplyEvent", CONFIRMATION_MINUTES),
        /** The outage roll-up: confirmed meter outages counted per asset of the network tree, nested outages. */
        ROLL_UP("AssetStatus|FeederRecovery", GROUP_WINDOW_MINUTES, UPDATE_MINUTES, NESTED_RESTORED_SHARE,
                NESTED_DELAY_MINUTES),
        /** The voltage roll-up: meters out of range counted per asset, one alarm for an asset out as a whole. */
        VOLTAGE_ROLL_UP("VoltageSpread", VOLTAGE_ALERT_WINDOW_MINUTES),
        /** Silence: meters whose reads stopped become {@code Silence} facts. */
        SILENCE("Silence", COMMS_LOSS_INTERVALS),
        /** Supply control: commands matched to their outcomes, the switch position, the limiter's reconnections. */
        SUPPLY_CONTROL("CommandOverdue|OutcomeFact|LimiterReconnection", OUTCOME_MINUTES, LATE_OUTCOME_HOURS,
                LIMITER_WINDOW_HOURS),
        /** Switching risk: the meters switched the same way within minutes, counted on every asset above them. */
        SWITCHING("SwitchingSpread", SWITCHING_WINDOW_MINUTES);

        private final String facts;
        private final Pattern pattern;
        private final List<String> reads;

        Step(String facts, String... reads) {
            this.facts = facts;
            this.pattern = Pattern.compile("\\b(" + facts + ")\\s*\\(");
            this.reads = List.of(reads);
        }

        /** The facts this step feeds the rules, as {@code A|B}. */
        public String facts() {
            return facts;
        }

        /** The thresholds this step reads. */
        public List<String> reads() {
            return reads;
        }

        /** True when a rule pattern in the source matches one of the facts this step feeds. */
        boolean usedBy(String source) {
            return pattern.matcher(source).find();
        }
    }

    public Thresholds {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        steps = steps.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(steps));
    }

    /** The steps the rule sources use. */
    static Set<Step> stepsUsedBy(Iterable<String> sources) {
        Set<Step> used = EnumSet.noneOf(Step.class);
        for (String source : sources) {
            for (Step step : Step.values()) {
                if (step.usedBy(source)) {
                    used.add(step);
                }
            }
        }
        return used;
    }

    /** True when the rules use the step, so Java runs it. */
    public boolean uses(Step step) {
        return steps.contains(step);
    }

    /** A threshold's value; fails when the file lacks it (reading the rule set already refused that for Java's). */
    public double value(String name) {
        Double value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The rule set has no threshold '" + name + "'.");
        }
        return value;
    }

    /** The delay after which an interruption is long (confirmed by the clock). */
    public Duration confirmationDelay() {
        return minutes(CONFIRMATION_MINUTES);
    }

    /** How long a confirmed meter outage waits for its neighbours. */
    public Duration groupWindow() {
        return minutes(GROUP_WINDOW_MINUTES);
    }

    /** How long at least between two UPDATED emissions of one group outage. */
    public Duration updateInterval() {
        return minutes(UPDATE_MINUTES);
    }

    /**
     * The share of a group outage's meters that must have joined, come back or left it since its last emission for
     * an UPDATED; 0 (every change) when the rule set does not set it.
     *
     * @throws IllegalArgumentException when it is set outside 0 to 1
     */
    public double updateMinShare() {
        double share = values.getOrDefault(UPDATE_MIN_SHARE, 0.0);
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("The threshold " + UPDATE_MIN_SHARE + " is a share of a group's meters, "
                    + "from 0 to 1, not " + share + ".");
        }
        return share;
    }

    /** How long after most of a group came back meters still off are judged nested outages. */
    public Duration nestedDelay() {
        return minutes(NESTED_DELAY_MINUTES);
    }

    /** The share of a group's meters back on supply after which the rest may be nested faults. */
    public double nestedRestoredShare() {
        return value(NESTED_RESTORED_SHARE);
    }

    /** How long a meter's voltage alert waits for its neighbours' before it is sent alone. */
    public Duration voltageAlertWindow() {
        return minutes(VOLTAGE_ALERT_WINDOW_MINUTES);
    }

    /** Intervals without a read before a meter is shown to the rules as silent. */
    public double commsLossIntervals() {
        return value(COMMS_LOSS_INTERVALS);
    }

    /**
     * How long after a command of the service was to act its outcome is overdue: the service's own limit when the
     * file has one, else the general one ({@code service} null: the general one).
     */
    public Duration outcomeLimit(DuisService service) {
        String own = service == null ? null : OUTCOME_MINUTES + "." + service.reference();
        return minutes(own != null && values.containsKey(own) ? own : OUTCOME_MINUTES);
    }

    /** How long an unconfirmed command waits for a late outcome before it is forgotten. */
    public Duration lateOutcomeWait() {
        return minutes(LATE_OUTCOME_HOURS).multipliedBy(60);
    }

    /** The window over which the meters switched below each asset are counted for the switching risk. */
    public Duration switchingWindow() {
        return minutes(SWITCHING_WINDOW_MINUTES);
    }

    /** The window over which the load limiter's automatic reconnections are counted. */
    public Duration limiterWindow() {
        return minutes(LIMITER_WINDOW_HOURS).multipliedBy(60);
    }

    /**
     * The supply status reads that verify nested outages, from the optional thresholds
     * {@link #STATUS_READS_PER_NESTED} and {@link #STATUS_READS_PER_MINUTE}; null (no reads) when the file names
     * neither or reads none per outage.
     *
     * @throws IllegalArgumentException when only one of the two is there, or the pace is not positive
     */
    public StatusReads statusReads() {
        Double meters = values.get(STATUS_READS_PER_NESTED);
        Double perMinute = values.get(STATUS_READS_PER_MINUTE);
        if (meters == null && perMinute == null) {
            return null;
        }
        if (meters == null || perMinute == null || perMinute <= 0 || meters < 0) {
            throw new IllegalArgumentException("Restoration verification needs both " + STATUS_READS_PER_NESTED
                    + " (zero or more) and " + STATUS_READS_PER_MINUTE + " (more than zero); the rule set has "
                    + meters + " and " + perMinute + ".");
        }
        return meters < 1 ? null : new StatusReads((int) Math.floor(meters),
                Duration.ofMillis(Math.round(60_000 / perMinute)));
    }

    /**
     * The limits reads are checked against before the rules see them, from the optional thresholds
     * {@code reads.maxElectricityKw} and {@code reads.maxGasKw} (no limit where the file names none).
     */
    public ReadLimits readLimits() {
        return new ReadLimits(values.get("reads.maxElectricityKw"), values.get("reads.maxGasKw"));
    }

    private Duration minutes(String name) {
        return Duration.ofSeconds(Math.round(value(name) * 60));
    }
}
