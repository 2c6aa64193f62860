package io.gridalarm.rules.fact;

import io.gridalarm.model.RegistryRow;
import java.time.Instant;

/**
 * A meter that has sent no read for a while, as seen at {@code now}: how many of its intervals are missing since
 * its last read ended, and whether an outage explains it ({@code offSupply}).
 */
public record Silence(RegistryRow meter, Instant lastReadEnd, Instant now, long missedIntervals, boolean offSupply) {
}
