package io.gridalarm.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * A meter's supply as a call-centre agent needs to see it (AMI B2): where its switch stands and whether energy
 * reaches the premises, as known at {@code time}.
 *
 * @param time when the meter's supply came to be as described (the event that changed it)
 * @param position where the switch stands, or null when no outcome or alert has said
 * @param positionSince when the switch came to stand there (null with no position)
 * @param energised false while the switch is off or the meter has lost supply
 * @param supplyLostSince when the meter lost supply, while it is off (null while supply is present)
 */
@JsonPropertyOrder({"meterId", "time", "position", "positionSince", "energised", "supplyLostSince"})
public record SupplyState(String meterId, Instant time, SwitchPosition position, Instant positionSince,
                          boolean energised, Instant supplyLostSince) {

    public SupplyState {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(time, "time");
        if ((position == null) != (positionSince == null)) {
            throw new IllegalArgumentException("A switch position and the time it came to stand there go together; "
                    + "meter " + meterId + " had position " + position + " since " + positionSince + ".");
        }
        if (energised && ((position != null && position.isOff()) || supplyLostSince != null)) {
            throw new IllegalArgumentException("Meter " + meterId + " cannot be energised with its switch "
                    + position + " or its supply lost since " + supplyLostSince + ".");
        }
    }

    /** The meter's supply as the switch and the supply say, energised unless either stops the energy. */
    public static SupplyState of(String meterId, Instant time, SwitchPosition position, Instant positionSince,
                                 Instant supplyLostSince) {
        boolean energised = (position == null || !position.isOff()) && supplyLostSince == null;
        return new SupplyState(meterId, time, position, positionSince, energised, supplyLostSince);
    }

    /** True when both describe the meter's supply the same way, whenever each was learnt. */
    public boolean sameSupplyAs(SupplyState other) {
        return other != null && meterId.equals(other.meterId) && position == other.position
                && Objects.equals(positionSince, other.positionSince) && energised == other.energised
                && Objects.equals(supplyLostSince, other.supplyLostSince);
    }
}
