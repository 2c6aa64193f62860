package io.gridalarm.jobs.functions;

import static io.gridalarm.jobs.Fixtures.METER;
import static io.gridalarm.jobs.Fixtures.NEIGHBOUR;
import static io.gridalarm.jobs.Fixtures.T10_00;
import static io.gridalarm.jobs.Fixtures.T10_01;
import static io.gridalarm.jobs.Fixtures.T10_02;
import static io.gridalarm.jobs.Fixtures.T10_03;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

/** A location's confirmation deadlines: in time order, each with its timer, cancelled when supply is back. */
class DeadlineQueueTest {

    private static final long TEN = T10_00.toEpochMilli();

    @Test
    void deadlinesAreTakenInTimeOrderUpToTheInstantAndTheRestWait() throws Exception {
        try (PartHarness<DeadlineQueue> h = new PartHarness<>(DeadlineQueue::new)) {
            h.at(TEN, (q, t) -> q.add(NEIGHBOUR.meterId(), T10_03, t));
            h.at(TEN, (q, t) -> q.add(METER.meterId(), T10_01, t));
            h.at(TEN, (q, t) -> q.add(METER.meterId(), T10_01, t));
            assertEquals(2, h.timers(), "one timer per instant, one deadline per meter and instant");
            assertEquals(T10_01.toEpochMilli(), (long) h.get(TEN, (q, t) -> q.earliest()));
            assertEquals(List.of(new Deadlines.Deadline(T10_01.toEpochMilli(), METER.meterId())),
                    h.get(TEN, (q, t) -> q.takeDueBy(T10_02.toEpochMilli())));
            assertEquals(List.of(), h.get(TEN, (q, t) -> q.takeDueBy(T10_02.toEpochMilli())), "taken once");
            assertEquals(T10_03.toEpochMilli(), (long) h.get(TEN, (q, t) -> q.earliest()));
            assertEquals(1, h.get(TEN, (q, t) -> q.takeDueBy(T10_03.toEpochMilli())).size());
            assertEquals(Long.MAX_VALUE, (long) h.get(TEN, (q, t) -> q.earliest()));
            assertEquals(0, h.stateEntries(), "nothing kept once every deadline is taken");
        }
    }

    @Test
    void aCancelledMetersDeadlineIsNeverTakenAndLeavesNoState() throws Exception {
        try (PartHarness<DeadlineQueue> h = new PartHarness<>(DeadlineQueue::new)) {
            h.at(TEN, (q, t) -> q.add(METER.meterId(), T10_03, t));
            h.at(TEN, (q, t) -> q.cancel(METER.meterId()));
            h.at(TEN, (q, t) -> q.cancel(NEIGHBOUR.meterId()));
            assertEquals(List.of(), h.get(TEN, (q, t) -> q.takeDueBy(T10_03.toEpochMilli())));
            assertEquals(List.of(), h.get(TEN, (q, t) -> q.takeDueBy(Long.MAX_VALUE)), "nothing, even at the end");
            assertEquals(0, h.stateEntries());
        }
    }

    @Test
    void aMeterAmongThousandsIsCancelledAloneAndTheRestAreTakenInTimeOrder() throws Exception {
        try (PartHarness<DeadlineQueue> h = new PartHarness<>(DeadlineQueue::new)) {
            List<Deadlines.Deadline> expected = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                // Meters arrive out of time order, as a storm's confirmations do across a location's feeders.
                long due = TEN + (i * 7919L % 2000) * 1000;
                String meter = "m" + i;
                h.at(TEN, (q, t) -> q.add(meter, Instant.ofEpochMilli(due), t));
                if (i % 3 != 0) {
                    expected.add(new Deadlines.Deadline(due, meter));
                }
            }
            for (int i = 0; i < 2000; i += 3) {
                String meter = "m" + i;
                h.at(TEN, (q, t) -> q.cancel(meter));
            }
            expected.sort(Comparator.comparingLong(Deadlines.Deadline::time)
                    .thenComparing(Deadlines.Deadline::meterId));
            long half = TEN + 1000 * 1000;
            List<Deadlines.Deadline> first = h.get(TEN, (q, t) -> q.takeDueBy(half));
            List<Deadlines.Deadline> rest = h.get(TEN, (q, t) -> q.takeDueBy(Long.MAX_VALUE));
            List<Deadlines.Deadline> taken = new ArrayList<>(first);
            taken.addAll(rest);
            assertEquals(expected, taken);
            assertTrue(first.stream().allMatch(d -> d.time() <= half) && rest.stream().allMatch(d -> d.time() > half));
            assertEquals(0, h.stateEntries());
        }
    }

    /** The queue and, beside it, a handle on its kept earliest, as a job restored from older state would lack it. */
    private record QueueAndEarliest(DeadlineQueue queue, ValueState<Long> earliest) {
    }

    @Test
    void deadlinesKeptWithoutTheirEarliestAreStillTakenOnTime() throws Exception {
        try (PartHarness<QueueAndEarliest> h = new PartHarness<>(context -> new QueueAndEarliest(
                new DeadlineQueue(context), context.getState(new ValueStateDescriptor<>("deadlines-earliest",
                Types.LONG))))) {
            h.at(TEN, (q, t) -> q.queue().add(NEIGHBOUR.meterId(), T10_03, t));
            h.at(TEN, (q, t) -> q.queue().add(METER.meterId(), T10_01, t));
            assertEquals(T10_01.toEpochMilli(), (long) h.get(TEN, (q, t) -> q.earliest().value()));
            h.at(TEN, (q, t) -> q.earliest().clear());
            assertEquals(List.of(), h.get(TEN, (q, t) -> q.queue().takeDueBy(TEN)), "nothing due yet");
            assertEquals(T10_01.toEpochMilli(), (long) h.get(TEN, (q, t) -> q.earliest().value()), "learnt again");
            h.at(TEN, (q, t) -> q.queue().cancel(METER.meterId()));
            assertEquals(T10_03.toEpochMilli(), (long) h.get(TEN, (q, t) -> q.queue().earliest()));
            assertEquals(1, h.get(TEN, (q, t) -> q.queue().takeDueBy(T10_03.toEpochMilli())).size());
            assertEquals(0, h.stateEntries());
        }
    }
}
