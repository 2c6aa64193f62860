package io.gridalarm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a line can be unusable gets its own reason and a sentence that says what was wrong, whether the line
 * itself shows it or only its meter's registry history does.
 */
class LineParserTest {

    private static final Registry REGISTRY = Registry.of(List.of(
            new RegistryRow("1200012345678", Fuel.ELECTRICITY, "F1", "S1", "12", "ALFA", Fixtures.REGISTERED),
            new RegistryRow("7312345678", Fuel.GAS, null, null, "NGN", "BRVO", Fixtures.REGISTERED)));
    private static final LineParser PARSER = new LineParser(AlertCodes.gbcs());
    private static final RegistryMatch MATCH = new RegistryMatch(AlertCodes.gbcs(), ReadLimits.NONE);
    private static final String READ = "{\"meterId\":\"1200012345678\",\"fuel\":\"ELECTRICITY\","
            + "\"start\":\"2026-11-20T10:00:00Z\",\"minutes\":30,\"importKwh\":0.31,\"exportKwh\":0.0,"
            + "\"voltageMin\":229.1,\"voltageAvg\":236.2,\"voltageMax\":241.0}";

    private static Checked<MeterRecord> event(String json) {
        return matched(PARSER.event(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Checked<MeterRecord> read(String json) {
        return matched(PARSER.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String REQUEST = "{\"requestId\":\"r-1\",\"meterId\":\"1200012345678\",\"user\":\"ALFA\","
            + "\"role\":\"IMPORT_SUPPLIER\",\"service\":\"7.2\",\"time\":\"2026-11-20T10:00:00Z\","
            + "\"scheduledFor\":\"2026-11-20T12:00:00Z\"}";
    private static final String RESPONSE = "{\"requestId\":\"r-1\",\"meterId\":\"1200012345678\","
            + "\"outcome\":\"E21\",\"time\":\"2026-11-20T12:00:40Z\"}";

    private static Checked<MeterRecord> request(String json) {
        return matched(PARSER.parse(RecordKind.REQUEST, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Checked<MeterRecord> response(String json) {
        return matched(PARSER.parse(RecordKind.RESPONSE, json.getBytes(StandardCharsets.UTF_8)));
    }

    private static Checked<MeterRecord> matched(Checked<ParsedInput> parsed) {
        return parsed.isOk() ? MATCH.match(parsed.value(), REGISTRY.history(parsed.value().meterId()))
                : Checked.rejected(parsed.rejection());
    }

    @Test
    void theContractsExampleEventIsAcceptedWithItsRegistryRow() {
        Checked<MeterRecord> checked = event("{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"fuel\":\"ELECTRICITY\","
                + "\"code\":\"0x8f57\",\"time\":\"2026-11-20T10:15:30Z\",\"newField\":{\"a\":[1,2]}}");
        assertTrue(checked.isOk(), checked::toString);
        assertEquals("0x8F57", checked.value().event().code());
        assertEquals("12", checked.value().meter().networkOperator());
        assertEquals(Instant.parse("2026-11-20T10:15:30Z"), checked.value().time());
    }

    @Test
    void theContractsExampleReadIsAcceptedAndTimedAtItsEnd() {
        Checked<MeterRecord> checked = read(READ);
        assertTrue(checked.isOk(), checked::toString);
        assertEquals(Instant.parse("2026-11-20T10:30:00Z"), checked.value().time());
        assertNull(checked.value().receivedAt(), "a line that does not say when it arrived");
    }

    @Test
    void aLineThatSaysWhenItArrivedKeepsItsArrivalApartFromItsEventTime() {
        Checked<MeterRecord> checked = read(READ.replace("}", ",\"receivedAt\":\"2026-11-21T02:00:00.250Z\"}"));
        assertTrue(checked.isOk(), checked::toString);
        assertEquals(Instant.parse("2026-11-20T10:30:00Z"), checked.value().time());
        assertEquals(Instant.parse("2026-11-21T02:00:00.250Z"), checked.value().receivedAt());
    }

    @Test
    void theHubsAd1CodeAndNumericIdsAreAccepted() {
        Checked<MeterRecord> checked = event("{\"eventId\":17,\"meterId\":1200012345678,\"code\":\"ad1\","
                + "\"time\":\"2026-11-20T10:15:30+01:00\"}");
        assertTrue(checked.isOk(), checked::toString);
        assertEquals("AD1", checked.value().event().code());
        assertEquals("17", checked.value().event().eventId());
        assertEquals(Instant.parse("2026-11-20T09:15:30Z"), checked.value().time());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json at all|BAD_JSON|not valid JSON",
        "[1,2]|BAD_JSON|not a JSON object",
        "{\"eventId\":\"e1\"} {}|BAD_JSON|more text after",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F57\"|BAD_JSON|not valid JSON",
        "{\"meterId\":\"1200012345678\",\"code\":\"0x8F57\",\"time\":\"2026-11-20T10:15:30Z\"}|MISSING_FIELD|'eventId'",
        "{\"eventId\":\"e1\",\"code\":\"0x8F57\",\"time\":\"2026-11-20T10:15:30Z\"}|MISSING_FIELD|'meterId'",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F57\"}|BAD_TIME|'time' is missing",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F57\",\"time\":\"20/11/2026\"}|BAD_TIME|not an ISO-8601",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x9999\",\"time\":\"2026-11-20T10:15:30Z\"}|UNKNOWN_ALERT_CODE|0x9999",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F57\",\"time\":\"2026-11-20T10:15:30Z\",\"phase\":4}|IMPOSSIBLE_VALUE|phase 4",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F57\",\"time\":\"2026-11-20T10:15:30Z\",\"phase\":\"one\"}|BAD_FIELD_TYPE|'phase'",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F57\",\"time\":\"2026-11-20T10:15:30Z\",\"durationSeconds\":-5}|IMPOSSIBLE_VALUE|negative",
        "{\"eventId\":\"e1\",\"meterId\":\"999\",\"code\":\"0x8F57\",\"time\":\"2026-11-20T10:15:30Z\"}|UNKNOWN_METER|meter 999 is not in the registry",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x8F57\",\"time\":\"2025-11-20T10:15:30Z\"}|NOT_REGISTERED_AT_TIME|first row is valid from 2026-01-01T00:00:00Z",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"fuel\":\"GAS\",\"code\":\"0x8F57\",\"time\":\"2026-11-20T10:15:30Z\"}|FUEL_MISMATCH|registered as ELECTRICITY",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"code\":\"0x81B4\",\"time\":\"2026-11-20T10:15:30Z\"}|FUEL_MISMATCH|comes only from GAS meters",
        "{\"eventId\":\"e1\",\"meterId\":\"1200012345678\",\"fuel\":\"WATER\",\"code\":\"0x8F57\",\"time\":\"2026-11-20T10:15:30Z\"}|BAD_FIELD_TYPE|neither ELECTRICITY nor GAS",
    })
    void unusableEventsAreRejectedWithTheirReason(String line, RejectReason reason, String fragment) {
        Checked<MeterRecord> checked = event(line);
        assertEquals(reason, checked.isOk() ? null : checked.rejection().reason(), checked::toString);
        assertTrue(checked.rejection().message().contains(fragment), checked.rejection().message());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"minutes\":30|\"minutes\":-30|IMPOSSIBLE_VALUE|minutes -30",
        "\"minutes\":30|\"minutes\":0|IMPOSSIBLE_VALUE|minutes 0",
        "\"minutes\":30|\"minutes\":7.5|IMPOSSIBLE_VALUE|not a whole number",
        "\"minutes\":30|\"minutes\":null|MISSING_FIELD|'minutes'",
        "\"start\":\"2026-11-20T10:00:00Z\"|\"start\":\"2026-11-20T10:00:30Z\"|IMPOSSIBLE_VALUE|whole minute",
        "\"start\":\"2026-11-20T10:00:00Z\"|\"start\":\"tomorrow\"|BAD_TIME|'start'",
        "\"importKwh\":0.31|\"importKwh\":-0.31|IMPOSSIBLE_VALUE|importKwh",
        "\"voltageMax\":241.0|\"voltageMax\":1241.0|IMPOSSIBLE_VALUE|outside 0 to 1000",
        "\"voltageMin\":229.1|\"voltageMin\":239.1|IMPOSSIBLE_VALUE|voltageMin 239.1 is above voltageAvg",
        "\"voltageAvg\":236.2|\"voltageAvg\":\"high\"|BAD_FIELD_TYPE|'voltageAvg'",
        "\"meterId\":\"1200012345678\"|\"meterId\":\"4400000000000\"|UNKNOWN_METER|not in the registry",
        "\"minutes\":30|\"minutes\":30,\"receivedAt\":\"tonight\"|BAD_TIME|'receivedAt' is 'tonight'",
    })
    void unusableReadsAreRejectedWithTheirReason(String from, String to, RejectReason reason, String fragment) {
        Checked<MeterRecord> checked = read(READ.replace(from, to));
        assertEquals(reason, checked.isOk() ? null : checked.rejection().reason(), checked::toString);
        assertTrue(checked.rejection().message().contains(fragment), checked.rejection().message());
    }

    @Test
    void theContractsServiceRequestAndResponseAreAcceptedAtTheTimeTheyWereSent() {
        Checked<MeterRecord> request = request(REQUEST);
        assertTrue(request.isOk(), request::toString);
        ServiceRequest sent = (ServiceRequest) request.value().service();
        assertEquals(DuisService.DISABLE_SUPPLY, sent.service());
        assertEquals(DccRole.IMPORT_SUPPLIER, sent.role());
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), request.value().time());
        assertEquals(Instant.parse("2026-11-20T12:00:00Z"), sent.actsAt());
        assertTrue(request.value().onAlertsClock(), "service messages arrive in seconds, like alerts");
        Checked<MeterRecord> response = response(RESPONSE);
        assertTrue(response.isOk(), response::toString);
        assertEquals("E21", ((ServiceResponse) response.value().service()).outcome());
        assertEquals(RecordKind.RESPONSE, PARSER.parse(RecordKind.RESPONSE, RESPONSE.getBytes(StandardCharsets.UTF_8))
                .value().kind());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"service\":\"7.2\"|\"service\":\"9.9\"|UNKNOWN_SERVICE|service '9.9'",
        "\"service\":\"7.2\"|\"service\":7.2|OK|",
        "\"role\":\"IMPORT_SUPPLIER\"|\"role\":\"HACKER\"|IMPOSSIBLE_VALUE|role 'HACKER'",
        "\"user\":\"ALFA\",|\"user\":\" \",|MISSING_FIELD|'user'",
        "\"requestId\":\"r-1\",|\"requestId\":[\"r-1\"],|BAD_FIELD_TYPE|'requestId'",
        "\"time\":\"2026-11-20T10:00:00Z\"|\"time\":\"soon\"|BAD_TIME|'time'",
        "\"scheduledFor\":\"2026-11-20T12:00:00Z\"|\"scheduledFor\":\"noon\"|BAD_TIME|'scheduledFor'",
        "\"meterId\":\"1200012345678\"|\"meterId\":\"4400000000000\"|UNKNOWN_METER|not in the registry",
    })
    void unusableServiceRequestsAreRejectedWithTheirReason(String from, String to, String reason, String fragment) {
        Checked<MeterRecord> checked = request(REQUEST.replace(from, to));
        assertEquals(reason, checked.isOk() ? "OK" : checked.rejection().reason().name(), checked::toString);
        if (!checked.isOk()) {
            assertTrue(checked.rejection().message().contains(fragment), checked.rejection().message());
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"outcome\":\"E21\"|\"outcome\":\"MAYBE\"|IMPOSSIBLE_VALUE|outcome 'MAYBE'",
        "\"outcome\":\"E21\"|\"outcome\":\"E\"|IMPOSSIBLE_VALUE|outcome 'E'",
        "\"outcome\":\"E21\",|\"outcome\":null,|MISSING_FIELD|'outcome'",
        "\"requestId\":\"r-1\",||MISSING_FIELD|'requestId'",
        "\"time\":\"2026-11-20T12:00:40Z\"|\"time\":1|BAD_TIME|'time'",
    })
    void unusableServiceResponsesAreRejectedWithTheirReason(String from, String to, RejectReason reason,
                                                            String fragment) {
        Checked<MeterRecord> checked = response(RESPONSE.replace(from, to == null ? "" : to));
        assertEquals(reason, checked.isOk() ? null : checked.rejection().reason(), checked::toString);
        assertTrue(checked.rejection().message().contains(fragment), checked.rejection().message());
    }

    @Test
    void aGasReadWithVoltageIsImpossible() {
        Checked<MeterRecord> checked = read("{\"meterId\":\"7312345678\",\"start\":\"2026-11-20T10:00:00Z\","
                + "\"minutes\":30,\"importKwh\":1.2,\"voltageAvg\":240}");
        assertEquals(RejectReason.IMPOSSIBLE_VALUE, checked.rejection().reason());
        assertTrue(checked.rejection().message().contains("GAS meter"));
    }

    @Test
    void aGasReadWithoutVoltageIsAccepted() {
        Checked<MeterRecord> checked = read("{\"meterId\":\"7312345678\",\"fuel\":\"gas\","
                + "\"start\":\"2026-11-20T10:00:00Z\",\"minutes\":30,\"importKwh\":1.2,\"voltageMin\":null}");
        assertTrue(checked.isOk(), checked::toString);
        assertNull(checked.value().read().voltageMin());
    }

    @Test
    void invalidUtf8IsBadJson() {
        byte[] bytes = "{\"eventId\":\"e\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(RejectReason.BAD_JSON, PARSER.event(bytes).rejection().reason());
    }
}
