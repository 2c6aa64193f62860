package io.gridalarm.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/** The defaults and locations every gridalarm command shares, in one place. */
public final class GridAlarmOptions {

    /** System property set by {@code bin/gridalarm}: the project folder holding {@code rules/} and {@code samples/}. */
    public static final String HOME_PROPERTY = "gridalarm.home";
    /** The rule set used when none is given. */
    public static final String DEFAULT_RULE_SET = "rules/gb-default/1.0.0";
    public static final int DEFAULT_PARALLELISM = 2;
    /** Re-deliveries of an event are recognised this long (event time) after the event. */
    public static final Duration DEFAULT_DUPLICATE_HORIZON = Duration.ofDays(7);
    /**
     * How late reads may arrive and still be judged exactly as a replay in time order judges them: outages are
     * remembered this long for them.
     */
    public static final Duration DEFAULT_READS_LATENESS = Duration.ofDays(3);
    /**
     * How long a live record of a meter not yet in the job's registry waits for its row (a new meter's first alerts
     * can come before its registry load; a job starting afresh reads a registry of millions of meters for a minute
     * or two), before it is dead-lettered as an unknown meter.
     */
    public static final Duration DEFAULT_REGISTRY_WAIT = Duration.ofMinutes(5);
    /**
     * How long a live job's alerts, and the alarms, wait in a network buffer before it is sent part full (Flink's
     * default is 100 ms a hop, three hops to an alarm); the reads' batches fill their buffers and keep the default.
     */
    public static final Duration ALERTS_BUFFER_TIMEOUT = Duration.ofMillis(5);
    /** How often a live job's sources tell their clocks (Flink's default is 200 ms): an alert waits for its clock. */
    public static final Duration WATERMARK_INTERVAL = Duration.ofMillis(50);
    /** A day's batch of reads may come meter by meter, each meter's day in one piece: a day out of order. */
    public static final Duration DEFAULT_READS_OUT_OF_ORDER = Duration.ofDays(1);

    private GridAlarmOptions() {
    }

    /** System properties with this prefix are passed to Flink, e.g. {@code -Dflink.parallelism.default=4}. */
    public static final String FLINK_PROPERTY_PREFIX = "flink.";

    /** Flink options given as {@code -Dflink.<key>=<value>} (through GRIDALARM_JAVA_OPTS in bin/gridalarm). */
    public static Configuration flinkOverrides() {
        Map<String, String> options = new HashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(FLINK_PROPERTY_PREFIX))
                .forEach(name -> options.put(name.substring(FLINK_PROPERTY_PREFIX.length()), System.getProperty(name)));
        return Configuration.fromMap(options);
    }

    /** The project folder: {@code -Dgridalarm.home}, else the working folder. */
    public static Path home() {
        return Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath().normalize();
    }

    public static Path defaultRuleSet() {
        return home().resolve(DEFAULT_RULE_SET);
    }

    public static Path samples() {
        return home().resolve("samples");
    }
}
