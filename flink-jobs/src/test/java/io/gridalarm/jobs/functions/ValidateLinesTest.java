package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.connectors.NumberedLine;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.ReadLimits;
import io.gridalarm.model.RecordKind;
import io.gridalarm.model.RejectReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Good lines become records; bad lines become dead letters with source, line, reason and original text. */
class ValidateLinesTest {

    @TempDir
    Path dir;

    @Test
    void badLinesGoToDeadLettersAndBlankLinesAreSkipped() throws Exception {
        Path registry = registry();
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(
                new ValidateLines(RecordKind.EVENT, registry.toString(), ReadLimits.NONE))) {
            h.processElement(line(1, "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F74\","
                    + "\"time\":\"2026-11-20T10:00:00Z\"}"), 0);
            h.processElement(line(2, "   "), 0);
            h.processElement(line(3, "{\"eventId\":\"e2\",\"meterId\":\"77\",\"code\":\"0x8F74\","
                    + "\"time\":\"2026-11-20T10:00:00Z\"}"), 0);
            List<MeterRecord> records = h.extractOutputValues();
            assertEquals(1, records.size());
            List<DeadLetter> dead = h.getSideOutput(ValidateLines.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).toList();
            assertEquals(1, dead.size());
            DeadLetter letter = dead.get(0);
            assertEquals("events.jsonl", letter.source());
            assertEquals(3, letter.line());
            assertEquals(RejectReason.UNKNOWN_METER, letter.reason());
            assertEquals("meter 77 is not in the registry", letter.message());
            assertEquals(RecordKind.EVENT, letter.kind());
        }
    }

    @Test
    void aReadBeyondWhatItsSupplyCanDeliverIsImplausibleWithTheLimitItBroke() throws Exception {
        Path registry = registry();
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(
                new ValidateLines(RecordKind.READ, registry.toString(), new ReadLimits(69.0, 70.0)))) {
            // A real SMETS2 export: the register wrapped round, about 65.5 kWh in one half hour.
            h.processElement(line(1, "{\"meterId\":\"1200012345678\",\"start\":\"2026-11-20T10:00:00Z\","
                    + "\"minutes\":30,\"importKwh\":65.536}"), 0);
            h.processElement(line(2, "{\"meterId\":\"1200012345678\",\"start\":\"2026-11-20T10:30:00Z\","
                    + "\"minutes\":30,\"importKwh\":34.5}"), 0);
            assertEquals(1, h.extractOutputValues().size(), "34.5 kWh in half an hour is 69 kW: possible");
            DeadLetter letter = h.getSideOutput(ValidateLines.DEAD_LETTERS).stream().map(StreamRecord::getValue)
                    .findFirst().orElseThrow();
            assertEquals(RejectReason.IMPLAUSIBLE_VALUE, letter.reason());
            assertEquals(1, letter.line());
            assertEquals("importKwh 65.536 kWh in 30 minutes is beyond the 34.5 kWh that an electricity supply of at "
                    + "most 69.0 kW can deliver", letter.message());
        }
    }

    private Path registry() throws Exception {
        return Files.writeString(dir.resolve("registry.csv"),
                "meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom\n"
                        + "1200012345678,ELECTRICITY,F1,S1,12,ALFA,2020-01-01\n");
    }

    private static NumberedLine line(long number, String text) {
        return new NumberedLine("events.jsonl", number, text.getBytes(StandardCharsets.UTF_8));
    }
}
