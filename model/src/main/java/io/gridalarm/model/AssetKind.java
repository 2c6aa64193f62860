package io.gridalarm.model;

/** The kinds of network asset in the GB distribution tree, from the bottom up. */
public enum AssetKind {
    LV_FEEDER,
    SECONDARY_SUBSTATION,
    HV_FEEDER,
    PRIMARY_SUBSTATION,
    BSP,
    GSP;

    /** The kind named in a network file (any case), or null for none of these. */
    public static AssetKind parse(String text) {
        return EnumNames.parse(values(), text);
    }

    /** True when an asset of this kind may hang below one of {@code parent} (levels may be skipped). */
    public boolean mayHangBelow(AssetKind parent) {
        return parent.ordinal() > ordinal();
    }
}
