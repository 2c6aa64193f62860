package io.gridalarm.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Turns one JSON line into a {@link ParsedInput} or a {@link Rejection} that says exactly what is wrong: syntax,
 * missing or mistyped fields, impossible values, unknown alert codes and unknown services. Unknown fields are
 * ignored, as the data contract allows new fields. What needs the meter's registry row is checked by
 * {@link RegistryMatch}.
 */
public final class LineParser {

    /** Above this a voltage is not a LV mains reading but a fault in the data. */
    static final double MAX_PLAUSIBLE_VOLTS = 1000.0;
    private static final int MINUTES_PER_DAY = 1440;
    private static final JsonFactory JSON = new JsonFactory();

    private final AlertCodes codes;

    public LineParser(AlertCodes codes) {
        this.codes = codes;
    }

    /** Parses a line of the kind. */
    public Checked<ParsedInput> parse(RecordKind kind, byte[] line) {
        return switch (kind) {
            case EVENT -> event(line);
            case READ -> read(line);
            case REQUEST -> request(line);
            case RESPONSE -> response(line);
        };
    }

    /** Parses a meter event line. */
    public Checked<ParsedInput> event(byte[] line) {
        Fields f = new Fields();
        Rejection syntax = f.read(line);
        if (syntax != null) {
            return Checked.rejected(syntax);
        }
        if (f.eventId == null) {
            return missing("eventId");
        }
        if (f.meterId == null) {
            return missing("meterId");
        }
        if (f.code == null) {
            return missing("code");
        }
        Instant time = f.instant("time", f.time);
        if (time == null) {
            return Checked.rejected(f.timeProblem);
        }
        AlertCode code = codes.lookup(f.code);
        if (code == null) {
            return Checked.rejected(RejectReason.UNKNOWN_ALERT_CODE,
                    "code '" + f.code + "' is not a GBCS alert code this system knows");
        }
        if (f.phase != null && (f.phase < 1 || f.phase > 3)) {
            return impossible("phase " + f.phase + " is not 1, 2 or 3");
        }
        if (f.durationSeconds != null && f.durationSeconds < 0) {
            return impossible("durationSeconds " + f.durationSeconds + " is negative");
        }
        if (f.value != null && !Double.isFinite(f.value)) {
            return impossible("value is not a finite number");
        }
        MeterEvent event = new MeterEvent(f.eventId, f.meterId, f.fuel, code.code(), time, f.phase, f.value,
                f.durationSeconds);
        return received(f, event, null, null);
    }

    /** Parses an interval read line. */
    public Checked<ParsedInput> read(byte[] line) {
        Fields f = new Fields();
        Rejection syntax = f.read(line);
        if (syntax != null) {
            return Checked.rejected(syntax);
        }
        if (f.meterId == null) {
            return missing("meterId");
        }
        Instant start = f.instant("start", f.start);
        if (start == null) {
            return Checked.rejected(f.timeProblem);
        }
        if (start.getEpochSecond() % 60 != 0 || start.getNano() != 0) {
            return impossible("start " + start + " is not on a whole minute");
        }
        if (f.minutes == null) {
            return missing("minutes");
        }
        if (f.minutes <= 0 || f.minutes > MINUTES_PER_DAY) {
            return impossible("minutes " + f.minutes + " is not an interval length between 1 and " + MINUTES_PER_DAY);
        }
        for (String name : new String[] {"importKwh", "exportKwh"}) {
            Double kwh = name.equals("importKwh") ? f.importKwh : f.exportKwh;
            if (kwh != null && (!Double.isFinite(kwh) || kwh < 0)) {
                return impossible(name + " " + kwh + " is negative or not finite");
            }
        }
        Rejection volts = checkVoltages(f);
        if (volts != null) {
            return Checked.rejected(volts);
        }
        IntervalRead read = new IntervalRead(f.meterId, f.fuel, start, f.minutes, f.importKwh, f.exportKwh,
                f.voltageMin, f.voltageAvg, f.voltageMax);
        return received(f, null, read, null);
    }

    /** Parses a service request line: a known DUIS service in a known role, sent at a time. */
    public Checked<ParsedInput> request(byte[] line) {
        Fields f = new Fields();
        Rejection syntax = f.read(line);
        if (syntax != null) {
            return Checked.rejected(syntax);
        }
        String absent = firstMissing("requestId", f.requestId, "meterId", f.meterId, "user", f.user, "role", f.role,
                "service", f.service);
        if (absent != null) {
            return missing(absent);
        }
        DccRole role = DccRole.parse(f.role);
        if (role == null) {
            return Checked.rejected(RejectReason.IMPOSSIBLE_VALUE, "role '" + f.role + "' is not a DCC user role ("
                    + String.join(", ", Arrays.stream(DccRole.values()).map(Enum::name).toList()) + ")");
        }
        DuisService service = DuisService.ofReference(f.service);
        if (service == null) {
            return Checked.rejected(RejectReason.UNKNOWN_SERVICE, "service '" + f.service
                    + "' is not a supply-control service reference this system knows (7.1, 7.2, 7.3, 7.4, 6.4.1)");
        }
        Instant time = f.instant("time", f.time);
        if (time == null) {
            return Checked.rejected(f.timeProblem);
        }
        Instant scheduledFor = null;
        if (f.scheduledFor != null && (scheduledFor = f.instant("scheduledFor", f.scheduledFor)) == null) {
            return Checked.rejected(f.timeProblem);
        }
        return received(f, null, null, new ServiceRequest(f.requestId, f.meterId, f.user, role, service, time,
                scheduledFor));
    }

    /** Parses a service response line: SUCCESS, FAILURE or a DCC response code for a request, at a time. */
    public Checked<ParsedInput> response(byte[] line) {
        Fields f = new Fields();
        Rejection syntax = f.read(line);
        if (syntax != null) {
            return Checked.rejected(syntax);
        }
        String absent = firstMissing("requestId", f.requestId, "meterId", f.meterId, "outcome", f.outcome);
        if (absent != null) {
            return missing(absent);
        }
        if (!ServiceResponse.isKnownOutcome(f.outcome)) {
            return impossible("outcome '" + f.outcome + "' is neither SUCCESS, FAILURE nor a DCC response code "
                    + "such as E20");
        }
        Instant time = f.instant("time", f.time);
        if (time == null) {
            return Checked.rejected(f.timeProblem);
        }
        return received(f, null, null, new ServiceResponse(f.requestId, f.meterId, f.outcome, time));
    }

    /** The input with when it reached the system, when the line says so; a malformed instant is refused. */
    private static Checked<ParsedInput> received(Fields f, MeterEvent event, IntervalRead read,
                                                 ServiceMessage service) {
        Instant at = null;
        if (f.receivedAt != null && (at = f.instant("receivedAt", f.receivedAt)) == null) {
            return Checked.rejected(f.timeProblem);
        }
        return Checked.ok(new ParsedInput(event, read, service, at, null));
    }

    private static Rejection checkVoltages(Fields f) {
        Double[] values = {f.voltageMin, f.voltageAvg, f.voltageMax};
        String[] names = {"voltageMin", "voltageAvg", "voltageMax"};
        for (int i = 0; i < values.length; i++) {
            Double v = values[i];
            if (v != null && (!Double.isFinite(v) || v < 0 || v > MAX_PLAUSIBLE_VOLTS)) {
                return new Rejection(RejectReason.IMPOSSIBLE_VALUE,
                        names[i] + " " + v + " is outside 0 to " + MAX_PLAUSIBLE_VOLTS + " V");
            }
        }
        for (int i = 0; i < values.length; i++) {
            for (int j = i + 1; j < values.length; j++) {
                if (values[i] != null && values[j] != null && values[i] > values[j]) {
                    return new Rejection(RejectReason.IMPOSSIBLE_VALUE,
                            names[i] + " " + values[i] + " is above " + names[j] + " " + values[j]);
                }
            }
        }
        return null;
    }

    /** The first of the named fields ({@code name, value, name, value, ...}) whose value is null, else null. */
    private static String firstMissing(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                return namesAndValues[i];
            }
        }
        return null;
    }

    private static <T> Checked<T> missing(String field) {
        return Checked.rejected(RejectReason.MISSING_FIELD, "the field '" + field + "' is missing or empty");
    }

    private static <T> Checked<T> impossible(String message) {
        return Checked.rejected(RejectReason.IMPOSSIBLE_VALUE, message);
    }

    /** The contract's fields of either kind of line, read in one streaming pass. */
    private static final class Fields {
        String eventId;
        String meterId;
        Fuel fuel;
        String code;
        String time;
        String start;
        String receivedAt;
        String requestId;
        String user;
        String role;
        String service;
        String scheduledFor;
        String outcome;
        Integer phase;
        Double value;
        Long durationSeconds;
        Integer minutes;
        Double importKwh;
        Double exportKwh;
        Double voltageMin;
        Double voltageAvg;
        Double voltageMax;
        Rejection timeProblem;

        /** Reads the line; returns the rejection for bad syntax or types, else null. */
        Rejection read(byte[] line) {
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return new Rejection(RejectReason.BAD_JSON, "the line is not a JSON object");
                }
                JsonToken token;
                while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    Rejection problem = field(name, p);
                    if (problem != null) {
                        return problem;
                    }
                }
                if (token != JsonToken.END_OBJECT) {
                    return new Rejection(RejectReason.BAD_JSON, "the JSON object is not closed");
                }
                if (p.nextToken() != null) {
                    return new Rejection(RejectReason.BAD_JSON, "there is more text after the JSON object");
                }
                return null;
            } catch (JsonProcessingException e) {
                String message = e.getOriginalMessage();
                int cut = message.indexOf(" (start marker");
                message = (cut > 0 ? message.substring(0, cut) : message).replaceAll("\\s*\\R\\s*", " ");
                long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
                return new Rejection(RejectReason.BAD_JSON,
                        "not valid JSON" + (column > 0 ? " at column " + column : "") + ": " + message);
            } catch (IOException e) {
                return new Rejection(RejectReason.BAD_JSON, "not valid JSON: " + e.getMessage());
            }
        }

        private Rejection field(String name, JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            switch (name) {
                case "eventId" -> eventId = text(p);
                case "meterId" -> meterId = text(p);
                case "code" -> code = text(p);
                case "time" -> time = text(p);
                case "start" -> start = text(p);
                case "receivedAt" -> receivedAt = text(p);
                case "requestId" -> requestId = text(p);
                case "user" -> user = text(p);
                case "role" -> role = text(p);
                case "service" -> service = serviceText(p);
                case "scheduledFor" -> scheduledFor = text(p);
                case "outcome" -> outcome = text(p);
                case "fuel" -> {
                    String text = text(p);
                    if (text == null || (fuel = Fuel.parse(text)) == null) {
                        return new Rejection(RejectReason.BAD_FIELD_TYPE,
                                "fuel '" + p.getText() + "' is neither ELECTRICITY nor GAS");
                    }
                }
                case "phase" -> {
                    if (!t.isNumeric() || t != JsonToken.VALUE_NUMBER_INT) {
                        return wrongType(name, "a whole number", p);
                    }
                    phase = p.getIntValue();
                }
                case "minutes" -> {
                    if (t == JsonToken.VALUE_NUMBER_FLOAT && p.getDoubleValue() == Math.rint(p.getDoubleValue())) {
                        minutes = (int) p.getDoubleValue();
                    } else if (t == JsonToken.VALUE_NUMBER_INT) {
                        long m = p.getLongValue();
                        minutes = m > Integer.MAX_VALUE || m < Integer.MIN_VALUE ? Integer.MAX_VALUE : (int) m;
                    } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                        return new Rejection(RejectReason.IMPOSSIBLE_VALUE,
                                "minutes " + p.getText() + " is not a whole number of minutes");
                    } else {
                        return wrongType(name, "a whole number", p);
                    }
                }
                case "durationSeconds" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        return wrongType(name, "a whole number", p);
                    }
                    durationSeconds = p.getLongValue();
                }
                case "value", "importKwh", "exportKwh", "voltageMin", "voltageAvg", "voltageMax" -> {
                    if (!t.isNumeric()) {
                        return wrongType(name, "a number", p);
                    }
                    double v = p.getDoubleValue();
                    switch (name) {
                        case "value" -> value = v;
                        case "importKwh" -> importKwh = v;
                        case "exportKwh" -> exportKwh = v;
                        case "voltageMin" -> voltageMin = v;
                        case "voltageAvg" -> voltageAvg = v;
                        default -> voltageMax = v;
                    }
                }
                default -> p.skipChildren();
            }
            if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && isTextField(name)) {
                return wrongType(name, "a string", p);
            }
            return null;
        }

        private static boolean isTextField(String name) {
            return switch (name) {
                case "eventId", "meterId", "code", "time", "start", "receivedAt", "requestId", "user", "role",
                     "service", "scheduledFor", "outcome" -> true;
                default -> false;
            };
        }

        /** Strings as they are, numbers as their text (ids are sometimes written as numbers); blank is null. */
        private static String text(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
                String s = p.getText().trim();
                return s.isEmpty() ? null : s;
            }
            p.skipChildren();
            return null;
        }

        /** A service reference as written: {@code "7.2"}, or the number 7.2 a careless writer may send. */
        private static String serviceText(JsonParser p) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                return p.getText().trim();
            }
            return text(p);
        }

        private static Rejection wrongType(String name, String expected, JsonParser p) throws IOException {
            String got = p.currentToken().isStructStart() ? "an object or array" : "'" + p.getText() + "'";
            return new Rejection(RejectReason.BAD_FIELD_TYPE, "the field '" + name + "' should be " + expected
                    + " but is " + got);
        }

        /** Parses an ISO-8601 instant, recording the rejection when missing or malformed. */
        Instant instant(String name, String text) {
            if (text == null) {
                timeProblem = new Rejection(RejectReason.BAD_TIME, "the field '" + name + "' is missing");
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                timeProblem = new Rejection(RejectReason.BAD_TIME, "the field '" + name + "' is '" + text
                        + "', not an ISO-8601 instant such as 2026-11-20T10:15:30Z");
                return null;
            }
        }
    }
}
