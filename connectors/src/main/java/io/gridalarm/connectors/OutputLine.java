package io.gridalarm.connectors;

import io.gridalarm.model.PartyType;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line for an output file, staged with the file (bucket) it belongs in, a key that orders it within the
 * file, a short tag counted in the summary (an alarm's kind, a dead letter's reason), and, for a line that is the
 * latest value of something (a meter's supply state), the record key it is kept under in a compacted topic.
 */
public record OutputLine(String bucket, String sortKey, String tag, String text, String key) {

    /** The bucket of dead letters. */
    public static final String DEAD_LETTERS = "dead-letters";
    /** The bucket of the routing audit trail. */
    public static final String AUDIT = "audit";
    /** The bucket of rule-set status lines (what became of each version published to a running job). */
    public static final String RULE_SET_STATUS = "rule-set-status";
    /** The bucket of contributions to the reliability figures. */
    public static final String RELIABILITY = "reliability";
    /** The bucket of service requests the job sends the DCC (supply status reads that verify nested outages). */
    public static final String DCC_REQUESTS = "dcc-requests";
    /**
     * The tag of a line that withdraws the latest value of its key from a party (a meter no longer that party's):
     * in a compacted topic it is a tombstone, so the party keeps nothing of the meter.
     */
    public static final String WITHDRAWN = "WITHDRAWN";
    /** The folder of the parties' supply-state buckets ({@code supply-state/supplier/ALFA}). */
    public static final String SUPPLY_STATE = "supply-state";

    public OutputLine {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(sortKey, "sortKey");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(text, "text");
        if (sortKey.indexOf('\t') >= 0 || tag.indexOf('\t') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("Sort key and tag hold no tabs and the text no line breaks.");
        }
    }

    /** A line with no record key of its own. */
    public OutputLine(String bucket, String sortKey, String tag, String text) {
        this(bucket, sortKey, tag, text, null);
    }

    /** Compiled once: every alarm and supply state sent is bucketed by its party. */
    private static final Pattern UNSAFE_IN_BUCKET = Pattern.compile("[^A-Za-z0-9._-]");

    /** The bucket of a party's alarms, e.g. {@code supplier/ALFA}; unsafe characters in the id become '_'. */
    public static String partyBucket(PartyType type, String partyId) {
        String safe = UNSAFE_IN_BUCKET.matcher(partyId).replaceAll("_");
        if (safe.chars().allMatch(c -> c == '.')) {
            safe = safe.replace('.', '_');
        }
        return type.slug() + "/" + safe;
    }

    /** The type of party whose bucket this is ({@code supplier/ALFA}: supplier), or null for another bucket. */
    public static PartyType partyTypeOf(String bucket) {
        for (PartyType type : PartyType.values()) {
            if (bucket.startsWith(type.slug() + "/")) {
                return type;
            }
        }
        return null;
    }

    /** The bucket of a party's supply states, e.g. {@code supply-state/supplier/ALFA}. */
    public static String supplyStateBucket(PartyType type, String partyId) {
        return SUPPLY_STATE + "/" + partyBucket(type, partyId);
    }

    /**
     * The party bucket ({@code supplier/ALFA}) of a supply-state bucket ({@code supply-state/supplier/ALFA}), or null
     * for a bucket that holds no party's supply states.
     */
    public static String partyOfSupplyState(String bucket) {
        String prefix = SUPPLY_STATE + "/";
        if (!bucket.startsWith(prefix)) {
            return null;
        }
        String party = bucket.substring(prefix.length());
        return partyTypeOf(party) == null ? null : party;
    }
}
