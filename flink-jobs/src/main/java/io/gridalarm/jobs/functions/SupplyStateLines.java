package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Json;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.SupplyState;
import java.util.List;
import java.util.function.Consumer;

/**
 * A meter's changed supply state as one line for each party entitled to it at the state's time (its supplier and
 * its network operator, from the registry), keyed by the meter so that each party's compacted topic keeps the latest.
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
        List<Recipient> parties = accessControl.entitledTo(state.meterId(), state.time());
        if (parties.isEmpty()) {
            return;
        }
        String json = Json.line(state);
        String sortKey = String.format("%015d", state.time().toEpochMilli()) + "|" + state.meterId();
        String tag = state.energised() ? ENERGISED : DE_ENERGISED;
        for (Recipient party : parties) {
            out.accept(new OutputLine(OutputLine.supplyStateBucket(party.type(), party.id()), sortKey, tag, json,
                    state.meterId()));
        }
    }
}
