package io.gridalarm.rules;

import io.gridalarm.model.DuisService;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.ServiceResponse;
import io.gridalarm.model.SwitchPosition;
import io.gridalarm.rules.fact.CommandOverdue;
import io.gridalarm.rules.fact.LimiterReconnection;
import io.gridalarm.rules.fact.OutcomeFact;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a meter's supply control ({@link SupplyControl}) from its records and the clock: each request waits for
 * its response, overdue once its outcome limit after it was to act has passed; responses are matched to their
 * requests; the switch position follows successful commands and the meter's own alerts (0x8F32 armed, 0x8F33 load
 * limiter tripped, 0x8F34 enabled again after it, 0x81BF gas valve armed); the limiter's automatic reconnections are
 * counted over a window. What it finds goes to the rules as facts ({@link CommandOverdue}, {@link OutcomeFact},
 * {@link LimiterReconnection}); the rules decide what is an alarm.
 */
final class CommandLedger {

    /** A ledger for rule sets that use no supply-control facts: it remembers nothing. */
    static final CommandLedger OFF = new CommandLedger(null, null, null, null);

    private final Duration defaultLimit;
    private final Map<DuisService, Duration> limits;
    private final Duration lateOutcomeWait;
    private final Duration limiterWindow;

    /** What a record or the clock changed: the facts for the rules and the supply control to keep (or null). */
    record Step(List<Object> facts, SupplyControl control, ServiceRequest answered) {
    }

    private CommandLedger(Duration defaultLimit, Map<DuisService, Duration> limits, Duration lateOutcomeWait,
                          Duration limiterWindow) {
        this.defaultLimit = defaultLimit;
        this.limits = limits;
        this.lateOutcomeWait = lateOutcomeWait;
        this.limiterWindow = limiterWindow;
    }

    /** The ledger for a rule set: its limits, or {@link #OFF} when its rules use no supply-control facts. */
    static CommandLedger of(RuleSet ruleSet) {
        Thresholds thresholds = ruleSet.thresholds();
        if (!thresholds.uses(Thresholds.Step.SUPPLY_CONTROL)) {
            return OFF;
        }
        Map<DuisService, Duration> limits = new EnumMap<>(DuisService.class);
        for (DuisService service : DuisService.values()) {
            limits.put(service, thresholds.outcomeLimit(service));
        }
        return new CommandLedger(thresholds.outcomeLimit(null), limits, thresholds.lateOutcomeWait(),
                thresholds.limiterWindow());
    }

    boolean isOff() {
        return defaultLimit == null;
    }

    /** When time alone next changes the supply control (a command's limit or wait running out), else null. */
    Instant nextDeadline(SupplyControl control) {
        Instant next = null;
        if (control != null) {
            for (PendingCommand command : control.pending()) {
                if (next == null || command.nextChange().isBefore(next)) {
                    next = command.nextChange();
                }
            }
        }
        return next;
    }

    /**
     * The clock reached {@code now}: commands past their limit go overdue; those past their wait (and duplicates past
     * theirs) are forgotten.
     */
    Step onClock(Instant now, SupplyControl control) {
        if (control == null || isOff() || control.pending().stream().noneMatch(c -> !c.nextChange().isAfter(now))) {
            return new Step(List.of(), control, null);
        }
        List<Object> facts = new ArrayList<>(1);
        List<PendingCommand> pending = new ArrayList<>(control.pending().size());
        for (PendingCommand command : control.pending()) {
            if (command.nextChange().isAfter(now)) {
                pending.add(command);
            } else if (command.awaitedInTime()) {
                facts.add(new CommandOverdue(command.request(), command.meter(), command.due()));
                pending.add(command.overdueUntil(command.due().plus(lateOutcomeWait)));
            }
        }
        return new Step(facts, SupplyControl.of(control.position(), control.positionSince(), pending,
                control.limiterReconnections()), null);
    }

    /** Applies one record of the meter (requests, responses and alerts change it; reads do not). */
    Step onRecord(MeterRecord record, SupplyControl control) {
        if (isOff() || record.read() != null) {
            return new Step(List.of(), control, null);
        }
        SwitchPosition position = control == null ? null : control.position();
        Instant since = control == null ? null : control.positionSince();
        List<PendingCommand> pending = new ArrayList<>(control == null ? List.of() : control.pending());
        List<Instant> reconnections = new ArrayList<>(control == null ? List.of() : control.limiterReconnections());
        List<Object> facts = new ArrayList<>(1);
        ServiceRequest answered = null;
        if (record.service() instanceof ServiceRequest request) {
            if (pending.stream().noneMatch(c -> c.request().requestId().equals(request.requestId()))) {
                pending.add(pendingFor(request, record.meter(), position, pending));
            }
        } else if (record.service() instanceof ServiceResponse response) {
            PendingCommand command = take(pending, response.requestId());
            facts.add(new OutcomeFact(response, command == null ? null : command.request(),
                    command != null && !command.supervised(), command != null && command.failedBy() != null,
                    record.meter()));
            SwitchPosition sets = command == null ? null : command.request().service().sets();
            if (response.succeeded() && sets != null && sets != position) {
                position = sets;
                since = response.time();
            }
        } else {
            Instant time = record.time();
            switch (record.event().code()) {
                case "0x81BD", "0x81C0" -> {
                    boolean connect = record.event().code().equals("0x81BD");
                    int at = latestSwitching(pending, connect);
                    if (at >= 0) {
                        answered = pending.get(at).request();
                        pending.set(at, pending.get(at).failedBy(record.event().eventId()));
                    }
                }
                case "0x8F32", "0x81BF" -> {
                    if (position != SwitchPosition.ARMED) {
                        position = SwitchPosition.ARMED;
                        since = time;
                    }
                }
                case "0x8F33" -> {
                    if (position != SwitchPosition.LOAD_LIMITED) {
                        position = SwitchPosition.LOAD_LIMITED;
                        since = time;
                    }
                }
                case "0x8F34" -> {
                    if (position == SwitchPosition.LOAD_LIMITED) {
                        reconnections.removeIf(t -> !t.isAfter(time.minus(limiterWindow)));
                        reconnections.add(time);
                        facts.add(new LimiterReconnection(record.meter(), time, reconnections.size(),
                                reconnections.get(0)));
                    }
                    position = SwitchPosition.CONNECTED;
                    since = time;
                }
                default -> {
                    // Other alerts say nothing of the switch.
                }
            }
            if (!reconnections.isEmpty() && !reconnections.get(reconnections.size() - 1)
                    .isAfter(time.minus(limiterWindow))) {
                reconnections.clear();
            }
        }
        return new Step(facts, SupplyControl.of(position, since, pending, reconnections), answered);
    }

    /**
     * A new request, supervised unless it duplicates a switching command awaited, or sets the switch where it
     * already stands with none awaited (B2: the meter accepts a duplicate with no action).
     */
    private PendingCommand pendingFor(ServiceRequest request, RegistryRow meter, SwitchPosition position,
                                      List<PendingCommand> pending) {
        SwitchPosition sets = request.service().sets();
        boolean duplicate = false;
        if (sets != null) {
            boolean sameAwaited = false;
            boolean switchingAwaited = false;
            for (PendingCommand command : pending) {
                if (command.awaitedInTime() && command.request().service().sets() != null) {
                    switchingAwaited = true;
                    sameAwaited |= command.request().service() == request.service();
                }
            }
            duplicate = sameAwaited || (!switchingAwaited && sets == position);
        }
        Duration limit = limits.getOrDefault(request.service(), defaultLimit);
        Instant due = request.actsAt().plus(duplicate ? lateOutcomeWait : limit);
        return new PendingCommand(request, meter, due, !duplicate, false, null);
    }

    /** Removes and returns the pending command with the id, or null. */
    private static PendingCommand take(List<PendingCommand> pending, String requestId) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).request().requestId().equals(requestId)) {
                return pending.remove(i);
            }
        }
        return null;
    }

    /**
     * The latest awaited command an alert of a failed connection ({@code connect}: enable or arm) or disconnection
     * answers, as its index, or -1.
     */
    private static int latestSwitching(List<PendingCommand> pending, boolean connect) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            PendingCommand command = pending.get(i);
            SwitchPosition sets = command.request().service().sets();
            boolean matches = connect ? sets == SwitchPosition.CONNECTED || sets == SwitchPosition.ARMED
                    : sets == SwitchPosition.DISCONNECTED;
            if (matches && command.supervised() && command.failedBy() == null) {
                return i;
            }
        }
        return -1;
    }
}
