package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Numbered meter ids get exact, positive keys; every other id a negative hash that never meets them. */
class MeterKeyTest {

    @Test
    void gbMeterNumbersHaveExactKeysThatKeepLeadingZeros() {
        for (String id : List.of("1000100000009", "7", "0123456789", "999999999999999999")) {
            assertTrue(MeterKey.isExact(id), id);
            assertEquals(Long.parseLong("1" + id), MeterKey.of(id), id);
        }
        assertNotEquals(MeterKey.of("0123"), MeterKey.of("123"), "a leading zero is part of the id");
        assertNotEquals(MeterKey.of("00"), MeterKey.of("0"));
    }

    @Test
    void idsThatAreNotShortNumbersAreNotExactAndHashBelowZero() {
        for (String id : List.of("", "M1", "1000100000009 ", "-12", "+12", "1234567890123456789", "١٢٣",
                "00-1A-2B-3C-4D-5E-6F-70", "1e5")) {
            assertFalse(MeterKey.isExact(id), "'" + id + "'");
            assertTrue(MeterKey.of(id) < 0, "'" + id + "' must never share a key with a numbered id");
        }
        assertEquals(MeterKey.of("M1"), MeterKey.of("M1"), "a key is a function of the id");
    }

    @Test
    void aMillionNumberedIdsHaveAMillionKeys() {
        Set<Long> keys = new HashSet<>();
        for (long i = 0; i < 1_000_000; i++) {
            keys.add(MeterKey.of(String.format("%013d", 1_000_100_000_000L + i * 7919)));
        }
        assertEquals(1_000_000, keys.size());
    }
}
