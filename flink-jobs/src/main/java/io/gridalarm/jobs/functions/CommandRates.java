package io.gridalarm.jobs.functions;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmIds;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Scope;
import io.gridalarm.model.Severity;
import io.gridalarm.rules.CommandLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Threshold anomaly detection of critical commands, as the DCC does it: a counter's requests within a sliding
 * window ({@code (now - window, now]}) against its warning and quarantine levels. Going above the warning level
 * raises {@code ANOMALY_WARNING} to the user; above the quarantine level {@code ANOMALY_QUARANTINE} to the user and
 * to security, listing the requests beyond the level (those the DCC would hold), UPDATED with each further one held;
 * each is CLEARED at the instant the window has slid back to its level. The fleet's counter (every user together)
 * alarms security alone.
 */
final class CommandRates {

    static final String WARNING = "ANOMALY_WARNING";
    static final String QUARANTINE = "ANOMALY_QUARANTINE";
    static final String WARNING_RULE = "Critical commands above the warning level";
    static final String QUARANTINE_RULE = "Critical commands above the quarantine level";

    private CommandRates() {
    }

    /** What the clock reaching an instant did: the window to keep (null: none), alarms, and when to look next. */
    record Step(CommandWindow window, List<Alarm> alarms, Long nextLook) {
    }

    /** Whose requests a counter counts: one user's ({@code user} its id) or the fleet's ({@code user} null). */
    record Counter(DuisService service, String user) {

        /** The Flink key of the counter. */
        String key() {
            return service.reference() + "/" + (user == null ? "" : user);
        }

        /** The counter a key names. */
        static Counter of(String key) {
            int slash = key.indexOf('/');
            String user = key.substring(slash + 1);
            return new Counter(DuisService.ofReference(key.substring(0, slash)), user.isEmpty() ? null : user);
        }

        /** Its limit, or null when the limits do not watch it. */
        CommandLimits.Limit limit(CommandLimits limits) {
            return user == null ? limits.ofFleet(service) : limits.of(user, service);
        }
    }

    /**
     * The clock reached {@code now}: the requests of {@code now} and before are counted in time order, each after
     * the requests that had left the window by its time; then those that have left by {@code now} go.
     */
    static Step advance(CommandWindow window, long now, Counter counter, CommandLimits.Limit limit,
                        String ruleSetId) {
        Tally tally = new Tally(window, counter, limit, ruleSetId);
        List<CommandWindow.Entry> waiting = new ArrayList<>();
        for (CommandWindow.Entry entry : window.waiting()) {
            if (entry.time() > now) {
                waiting.add(entry);
            } else {
                tally.leaveBy(entry.time());
                tally.count(entry);
            }
        }
        tally.leaveBy(now);
        CommandWindow next = new CommandWindow(tally.counted, waiting, tally.warned, tally.quarantined,
                tally.quarantined == null ? List.of() : tally.held);
        Long look = tally.counted.isEmpty() ? null : tally.counted.get(0).time() + tally.span;
        if (!waiting.isEmpty() && (look == null || waiting.get(0).time() < look)) {
            look = waiting.get(0).time();
        }
        return new Step(next.isEmpty() ? null : next, tally.alarms, look);
    }

    /** The counting of one step. */
    private static final class Tally {
        final Counter counter;
        final CommandLimits.Limit limit;
        final String ruleSetId;
        final long span;
        final List<CommandWindow.Entry> counted;
        final List<CommandWindow.Entry> held;
        final List<Alarm> alarms = new ArrayList<>();
        Instant warned;
        Instant quarantined;

        Tally(CommandWindow window, Counter counter, CommandLimits.Limit limit, String ruleSetId) {
            this.counter = counter;
            this.limit = limit;
            this.ruleSetId = ruleSetId;
            this.span = limit.window().toMillis();
            this.counted = new ArrayList<>(window.counted());
            this.held = new ArrayList<>(window.held());
            this.warned = window.warnedSince();
            this.quarantined = window.quarantinedSince();
        }

        /** Requests counted that have left the window by the instant go, each at the instant it left. */
        void leaveBy(long instant) {
            while (!counted.isEmpty() && counted.get(0).time() + span <= instant) {
                CommandWindow.Entry gone = counted.remove(0);
                long left = gone.time() + span;
                if (quarantined != null && counted.size() <= limit.quarantine()) {
                    alarms.add(alarm(QUARANTINE, QUARANTINE_RULE, Severity.CRITICAL, AlarmStatus.CLEARED,
                            quarantined, left, List.copyOf(held)));
                    quarantined = null;
                    held.clear();
                }
                if (warned != null && counted.size() <= limit.warning()) {
                    alarms.add(alarm(WARNING, WARNING_RULE, Severity.MAJOR, AlarmStatus.CLEARED, warned, left,
                            List.of(gone)));
                    warned = null;
                }
            }
        }

        void count(CommandWindow.Entry entry) {
            counted.add(entry);
            if (counted.size() > limit.warning() && warned == null) {
                warned = Instant.ofEpochMilli(entry.time());
                alarms.add(alarm(WARNING, WARNING_RULE, Severity.MAJOR, AlarmStatus.RAISED, warned, entry.time(),
                        List.of(entry)));
            }
            if (counted.size() > limit.quarantine()) {
                held.add(entry);
                AlarmStatus status = quarantined == null ? AlarmStatus.RAISED : AlarmStatus.UPDATED;
                quarantined = quarantined == null ? Instant.ofEpochMilli(entry.time()) : quarantined;
                alarms.add(alarm(QUARANTINE, QUARANTINE_RULE, Severity.CRITICAL, status, quarantined, entry.time(),
                        List.copyOf(held)));
            }
        }

        private Alarm alarm(String kind, String rule, Severity severity, AlarmStatus status, Instant start,
                            long time, List<CommandWindow.Entry> about) {
            Scope scope = counter.user() == null ? Scope.fleet() : Scope.user(counter.user());
            List<Recipient> recipients = new ArrayList<>();
            if (counter.user() != null) {
                recipients.add(Recipient.ofUser(counter.user(), about.get(about.size() - 1).role()));
            }
            if (kind.equals(QUARANTINE) || counter.user() == null) {
                recipients.add(Recipient.security());
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("service", counter.service().reference());
            if (counter.user() != null) {
                details.put("user", counter.user());
            }
            details.put("windowMinutes", limit.window().toMinutes());
            details.put(kind.equals(WARNING) ? "warningLevel" : "quarantineLevel",
                    kind.equals(WARNING) ? limit.warning() : limit.quarantine());
            details.put("requestsInWindow", counted.size());
            List<String> ids = about.stream().map(CommandWindow.Entry::requestId).toList();
            if (kind.equals(QUARANTINE)) {
                details.put("requestsHeld", ids);
            } else {
                details.put("requestId", ids.get(ids.size() - 1));
            }
            List<String> meters = about.stream().map(CommandWindow.Entry::meterId).distinct().sorted().toList();
            return Alarm.builder().alarmId(AlarmIds.of(rule, scope, start)).kind(kind, severity)
                    .emission(status, Instant.ofEpochMilli(time)).startTime(start).about(scope, meters)
                    .raisedBy(rule, ruleSetId).recipients(recipients).details(details).build();
        }
    }
}
