package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.RecordKind;
import io.gridalarm.model.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Well-formed lines go on to the registry join with their line; bad lines become dead letters as they arrived. */
class ValidateLinesTest {

    @Test
    void badLinesGoToDeadLettersAndBlankLinesAreSkipped() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new ValidateLines(RecordKind.EVENT))) {
            h.processElement(line(1, "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F74\","
                    + "\"time\":\"2026-11-20T10:00:00Z\"}"), 0);
            h.processElement(line(2, "   "), 0);
            h.processElement(line(3, "{\"eventId\":\"e2\",\"meterId\":\"77\",\"code\":\"0x8F74\"}"), 0);
            List<ParsedInput> parsed = h.extractOutputValues();
            assertEquals(1, parsed.size());
            assertEquals(1, parsed.get(0).line().line(), "the line travels with the input, for a later refusal");
            List<DeadLetter> dead = h.getSideOutput(ValidateLines.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).toList();
            assertEquals(1, dead.size());
            DeadLetter letter = dead.get(0);
            assertEquals("events.jsonl", letter.source());
            assertEquals(3, letter.line());
            assertEquals(RejectReason.BAD_TIME, letter.reason());
            assertEquals(RecordKind.EVENT, letter.kind());
            assertEquals("{\"eventId\":\"e2\",\"meterId\":\"77\",\"code\":\"0x8F74\"}", letter.text());
        }
    }

    @Test
    void aLineThatIsNotUtf8IsKeptAsItsBytes() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new ValidateLines(RecordKind.READ))) {
            h.processElement(new NumberedLine("reads.jsonl", 7, new byte[] {'{', (byte) 0xC3, '}'}), 0);
            DeadLetter letter = h.getSideOutput(ValidateLines.DEAD_LETTERS).poll().getValue();
            assertEquals(RejectReason.BAD_JSON, letter.reason());
            assertEquals("e8N9", letter.bytesBase64());
        }
    }

    private static NumberedLine line(long number, String text) {
        return new NumberedLine("events.jsonl", number, text.getBytes(StandardCharsets.UTF_8));
    }
}
