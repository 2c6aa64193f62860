package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Recipient;
import io.gridalarm.rules.CommandLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sliding window of critical commands at its edges: counted in (now - window, now], each alarm at its instant. */
class CommandRatesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");
    /** Ten minutes; more than 2 is a warning, more than 3 held. */
    private static final CommandLimits.Limit LIMIT = new CommandLimits.Limit(Duration.ofMinutes(10), 2, 3);
    private static final CommandRates.Counter ALFA = new CommandRates.Counter(DuisService.DISABLE_SUPPLY, "ALFA");
    private static final CommandRates.Counter FLEET = new CommandRates.Counter(DuisService.DISABLE_SUPPLY, null);

    private static long minute(double m) {
        return T0.toEpochMilli() + Math.round(m * 60_000);
    }

    private static CommandWindow.Entry request(String id, double atMinute) {
        return new CommandWindow.Entry(minute(atMinute), id, "M-" + id, "ALFA", DccRole.IMPORT_SUPPLIER);
    }

    /** Feeds the requests (each when the clock reaches it), then lets the clock reach {@code until}. */
    private static List<Alarm> run(CommandRates.Counter counter, double until, CommandWindow.Entry... requests) {
        CommandWindow window = CommandWindow.EMPTY;
        for (CommandWindow.Entry entry : requests) {
            window = window.arrive(entry);
        }
        List<Alarm> alarms = new ArrayList<>();
        Long look = window.waiting().get(0).time();
        while (window != null && look != null && look <= minute(until)) {
            CommandRates.Step step = CommandRates.advance(window, look, counter, LIMIT, "gb-default@1.0.0");
            alarms.addAll(step.alarms());
            window = step.window();
            look = step.nextLook();
        }
        return alarms;
    }

    private static List<String> described(List<Alarm> alarms) {
        return alarms.stream().map(a -> a.kind() + " " + a.status() + " " + a.time().toString().substring(11, 16)
                + " " + a.details().get("requestsInWindow")).toList();
    }

    @Test
    void theThirdRequestWarnsTheFourthIsHeldAndEachClearsWhenTheWindowSlidesBackToItsLevel() {
        List<Alarm> alarms = run(ALFA, 60, request("r1", 0), request("r2", 1), request("r3", 2), request("r4", 3),
                request("r5", 4));
        assertEquals(List.of(
                "ANOMALY_WARNING RAISED 02:02 3",
                "ANOMALY_QUARANTINE RAISED 02:03 4",
                "ANOMALY_QUARANTINE UPDATED 02:04 5",
                // r1 leaves at 02:10 (4 left, still above 3), r2 at 02:11 (3: back to the quarantine level)
                "ANOMALY_QUARANTINE CLEARED 02:11 3",
                "ANOMALY_WARNING CLEARED 02:12 2"), described(alarms));
        assertEquals(List.of("r4", "r5"), alarms.get(2).details().get("requestsHeld"));
        assertEquals(List.of(Recipient.supplier("ALFA"), Recipient.security()), alarms.get(1).recipients());
        assertEquals(List.of(Recipient.supplier("ALFA")), alarms.get(0).recipients());
        assertEquals(alarms.get(1).alarmId(), alarms.get(3).alarmId(), "one quarantine alarm, raised to cleared");
    }

    @Test
    void aRequestExactlyAWindowAfterAnotherDoesNotCountItButOneAMillisecondEarlierDoes() {
        assertEquals(List.of(), described(run(ALFA, 30, request("r1", 0), request("r2", 5), request("r3", 10))),
                "r1 left at 10:00 as r3 came: two in the window");
        List<Alarm> alarms = run(ALFA, 30, request("r1", 0), request("r2", 5),
                request("r3", 10 - 1.0 / 60_000));
        assertEquals("ANOMALY_WARNING RAISED 02:09 3", described(alarms).get(0));
    }

    @Test
    void aRequestDeliveredTwiceCountsOnceAndRequestsAtOneInstantCountInIdOrder() {
        CommandWindow window = CommandWindow.EMPTY.arrive(request("b", 1)).arrive(request("a", 1))
                .arrive(request("a", 1));
        assertEquals(List.of("a", "b"), window.waiting().stream().map(CommandWindow.Entry::requestId).toList());
        List<Alarm> alarms = run(ALFA, 30, request("c", 1), request("b", 1), request("a", 1), request("a", 1));
        assertEquals("c", alarms.get(0).details().get("requestId"), "the third in id order crosses the level");
    }

    @Test
    void theFleetsCounterAlarmsSecurityAlone() {
        List<Alarm> alarms = run(FLEET, 1, request("r1", 0), request("r2", 0.1), request("r3", 0.2),
                request("r4", 0.3));
        assertEquals(2, alarms.size());
        alarms.forEach(a -> assertEquals(List.of(Recipient.security()), a.recipients()));
        assertNull(alarms.get(0).details().get("user"));
    }

    @Test
    void nothingIsKeptOnceEveryRequestHasLeftTheWindow() {
        CommandWindow window = CommandWindow.EMPTY.arrive(request("r1", 0)).arrive(request("r2", 1));
        CommandRates.Step counted = CommandRates.advance(window, minute(1), ALFA, LIMIT, "x");
        assertEquals(minute(10), counted.nextLook(), "the next look is when r1 leaves");
        CommandRates.Step first = CommandRates.advance(counted.window(), minute(10), ALFA, LIMIT, "x");
        CommandRates.Step second = CommandRates.advance(first.window(), first.nextLook(), ALFA, LIMIT, "x");
        assertNull(second.window());
        assertNull(second.nextLook());
    }
}
