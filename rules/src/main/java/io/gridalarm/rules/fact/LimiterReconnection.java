package io.gridalarm.rules.fact;

import io.gridalarm.model.RegistryRow;
import java.time.Instant;

/**
 * The load limiter enabled supply again on its own (0x8F34 after 0x8F33), for the {@code reconnectionsInWindow}-th
 * time within the window ending at {@code time}, the first of them at {@code firstInWindow}.
 */
public record LimiterReconnection(RegistryRow meter, Instant time, int reconnectionsInWindow, Instant firstInWindow) {
}
