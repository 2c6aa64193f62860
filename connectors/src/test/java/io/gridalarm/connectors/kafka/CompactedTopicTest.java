package io.gridalarm.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a load of a changelog topic sends: only what differs, tombstones for what is gone. */
class CompactedTopicTest {

    @Test
    void onlyNewAndChangedKeysAreSentAndAKeyGoneIsATombstone() {
        Map<String, String> current = Map.of("a", "1", "b", "2", "c", "3");
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("d", "4");
        wanted.put("b", "20");
        wanted.put("a", "1");
        CompactedTopic.Plan<String> plan = CompactedTopic.plan(current, wanted);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("b", "20");
        expected.put("c", null);
        expected.put("d", "4");
        assertEquals(expected, plan.send(), "in key order");
        assertEquals(new CompactedTopic.Changes(1, 1, 1, 1), plan.changes());
        assertEquals("1 added, 1 changed, 1 removed, 1 unchanged", plan.changes().toString());
    }

    @Test
    void theSameContentSendsNothingAndAValueThatCouldNotBeReadIsReplaced() {
        assertEquals(Map.of(), CompactedTopic.plan(Map.of("a", "1"), Map.of("a", "1")).send());
        Map<String, String> unreadable = new HashMap<>();
        unreadable.put("a", null);
        assertEquals(Map.of("a", "1"), CompactedTopic.plan(unreadable, Map.of("a", "1")).send());
    }
}
