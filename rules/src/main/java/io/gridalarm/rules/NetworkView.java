package io.gridalarm.rules;

import io.gridalarm.model.NetworkPath;

/**
 * What the outage roll-up knows of the network around one location, as the registry and the network file give it
 * now: each meter's way up the tree and how big each asset is.
 */
public interface NetworkView {

    /** The path of a meter on this feeder and substation (either may be null): them, then the assets above. */
    NetworkPath pathOf(String feederId, String substationId);

    /** How many meters the asset feeds now; 0 when unknown. */
    int meters(String assetId);

    /** How many assets directly below this one feed meters now (for an LV feeder: 0). */
    int children(String assetId);
}
