package io.gridalarm.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a load of a changelog topic sends: only what differs, tombstones for what is gone. */
class CompactedTopicTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, ByteBuffer> topic(Map<String, String> values) {
        Map<String, ByteBuffer> digests = new HashMap<>();
        values.forEach((key, value) -> digests.put(key, CompactedTopic.digest(bytes(value))));
        return digests;
    }

    private static Map<String, String> sent(Map<String, String> current, Map<String, String> wanted,
                                            CompactedTopic.Changes expected) {
        Map<String, String> sent = new LinkedHashMap<>();
        CompactedTopic.Changes changes = CompactedTopic.plan(topic(current), List.copyOf(wanted.keySet()),
                key -> bytes(wanted.get(key)),
                (key, value) -> sent.put(key, value == null ? null : new String(value, StandardCharsets.UTF_8)));
        assertEquals(expected, changes);
        return sent;
    }

    @Test
    void onlyNewAndChangedKeysAreSentThenATombstoneForEachKeyGone() {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("d", "4");
        wanted.put("b", "20");
        wanted.put("a", "1");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("d", "4");
        expected.put("b", "20");
        expected.put("c", null);
        expected.put("e", null);
        assertEquals(expected, sent(Map.of("a", "1", "b", "2", "c", "3", "e", "5"), wanted,
                new CompactedTopic.Changes(1, 1, 2, 1)), "wanted keys in the order given, then tombstones in key order");
        assertEquals("1 added, 1 changed, 2 removed, 1 unchanged", new CompactedTopic.Changes(1, 1, 2, 1).toString());
    }

    @Test
    void theSameContentSendsNothing() {
        assertEquals(Map.of(), sent(Map.of("a", "1", "b", "2"), Map.of("a", "1", "b", "2"),
                new CompactedTopic.Changes(0, 0, 0, 2)));
    }
}
