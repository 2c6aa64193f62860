package io.gridalarm.connectors;

import io.gridalarm.model.PartyType;
import java.util.Objects;

/**
 * One line for an output file, staged with the file (bucket) it belongs in, a key that orders it within the
 * file, and a short tag counted in the summary (an alarm's kind, a dead letter's reason).
 */
public record OutputLine(String bucket, String sortKey, String tag, String text) {

    /** The bucket of dead letters. */
    public static final String DEAD_LETTERS = "dead-letters";
    /** The bucket of the routing audit trail. */
    public static final String AUDIT = "audit";
    /** The bucket of rule-set status lines (what became of each version published to a running job). */
    public static final String RULE_SET_STATUS = "rule-set-status";
    /** The bucket of contributions to the reliability figures. */
    public static final String RELIABILITY = "reliability";

    public OutputLine {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(sortKey, "sortKey");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(text, "text");
        if (sortKey.indexOf('\t') >= 0 || tag.indexOf('\t') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("Sort key and tag hold no tabs and the text no line breaks.");
        }
    }

    /** The bucket of a party's alarms, e.g. {@code supplier/ALFA}; unsafe characters in the id become '_'. */
    public static String partyBucket(PartyType type, String partyId) {
        String safe = partyId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.chars().allMatch(c -> c == '.')) {
            safe = safe.replace('.', '_');
        }
        return type.slug() + "/" + safe;
    }
}
