package io.gridalarm.jobs.functions;

/**
 * A meter id as an 8-byte key, for the bounded replay's registry join. Flink's batch sort keeps 8 bytes of each
 * record's key in its index and reads the record back to compare beyond them: a string key ties there across meters
 * (and within a meter always), while a long key is whole in the index, so meters compare without a read-back. The
 * key is exact (one id, one key) for ids of 1 to {@value #MAX_DIGITS} digits, as GB's MPANs (13 digits) and MPRNs
 * (6 to 10) are, leading zeros included; any other id gets a hash, negative so that it never meets a numbered id's
 * key. A job keys by it only when every registry id is exact, so no two registered meters can share a key.
 */
public final class MeterKey {

    /** The most digits an id may have for an exact key: a leading 1 and 18 digits still fit a positive long. */
    public static final int MAX_DIGITS = 18;

    private MeterKey() {
    }

    /** True when the id has an exact key: 1 to {@value #MAX_DIGITS} ASCII digits. */
    public static boolean isExact(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_DIGITS) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The id's key: the number that a 1 written before its digits makes (so "0123" and "123" differ) when it is
     * {@linkplain #isExact exact}, else a 64-bit hash of it with the sign bit set.
     */
    public static long of(String id) {
        if (!isExact(id)) {
            return hash(id) | Long.MIN_VALUE;
        }
        long key = 1;
        for (int i = 0; i < id.length(); i++) {
            key = key * 10 + (id.charAt(i) - '0');
        }
        return key;
    }

    /** FNV-1a over the id's chars, then mixed (MurmurHash3's finaliser) so nearby ids spread. */
    private static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
