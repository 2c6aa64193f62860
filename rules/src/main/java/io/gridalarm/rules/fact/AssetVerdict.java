package io.gridalarm.rules.fact;

import io.gridalarm.model.AssetKind;

/** A rule's finding about one asset of the network, placed in the tree so that the highest finding can be taken. */
public interface AssetVerdict {

    String assetId();

    AssetKind kind();

    /** The asset above, or null at the top of what is known. */
    String parentId();
}
