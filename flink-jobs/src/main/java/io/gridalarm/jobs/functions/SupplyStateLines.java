package io.gridalarm.jobs.functions;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Json;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.SupplyState;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A meter's changed supply state as one line for each party entitled to it at the state's time (its supplier and
 * its network operator, from the registry), keyed by the meter so that each party's compacted topic keeps the latest.
 * When the registry changes a meter's parties (a change of supplier), the meter's state is handed over: withdrawn
 * from the party that lost it, sent to the one that gained it.
 */
public final class SupplyStateLines {

    /** The tag of a state in which energy reaches the premises. */
    public static final String ENERGISED = "ENERGISED";
    /** The tag of a state in which it does not (switched off, or supply lost). */
    public static final String DE_ENERGISED = "DE-ENERGISED";

    private SupplyStateLines() {
    }

    /** Hands a line of the state to {@code out} for every party entitled to it; none when no registry row names one. */
    public static void route(AccessControl accessControl, SupplyState state, Consumer<OutputLine> out) {
        send(accessControl.entitledTo(state.meterId(), state.time()), state, out);
    }

    /**
     * The registry changes the meter's parties at the state's time: the state is withdrawn from each party entitled
     * just before and not now, and sent to each entitled now and not just before.
     */
    public static void handOver(AccessControl accessControl, SupplyState state, Consumer<OutputLine> out) {
        List<Recipient> before = accessControl.entitledTo(state.meterId(), state.time().minusMillis(1));
        List<Recipient> now = accessControl.entitledTo(state.meterId(), state.time());
        String json = Json.line(new Withdrawal(state.meterId(), state.time(), true));
        for (Recipient lost : before) {
            if (!now.contains(lost)) {
                out.accept(new OutputLine(OutputLine.supplyStateBucket(lost.type(), lost.id()), sortKey(state),
                        OutputLine.WITHDRAWN, json, state.meterId()));
            }
        }
        send(now.stream().filter(party -> !before.contains(party)).toList(), state, out);
    }

    /**
     * The next instant after {@code after} at which the meter's history names another supplier or network operator
     * than just before, or null when none is to come.
     */
    public static Instant nextChangeOfParties(MeterHistory history, Instant after) {
        List<RegistryRow> rows = history.rows();
        for (int i = 1; i < rows.size(); i++) {
            RegistryRow was = rows.get(i - 1);
            RegistryRow row = rows.get(i);
            if (row.validFrom().isAfter(after) && (!row.supplier().equals(was.supplier())
                    || !row.networkOperator().equals(was.networkOperator()))) {
                return row.validFrom();
            }
        }
        return null;
    }

    private static void send(List<Recipient> parties, SupplyState state, Consumer<OutputLine> out) {
        if (parties.isEmpty()) {
            return;
        }
        String json = Json.line(state);
        String tag = state.energised() ? ENERGISED : DE_ENERGISED;
        for (Recipient party : parties) {
            out.accept(new OutputLine(OutputLine.supplyStateBucket(party.type(), party.id()), sortKey(state), tag,
                    json, state.meterId()));
        }
    }

    private static String sortKey(SupplyState state) {
        return String.format("%015d", state.time().toEpochMilli()) + "|" + state.meterId();
    }

    /** What a party that lost a meter is told in a file; on a compacted topic it is a tombstone. */
    @JsonPropertyOrder({"meterId", "time", "withdrawn"})
    public record Withdrawal(String meterId, Instant time, boolean withdrawn) {
    }
}
