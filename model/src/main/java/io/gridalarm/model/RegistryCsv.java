package io.gridalarm.model;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Reads and writes the registry CSV ({@code meterId,fuel,feederId,substationId,networkOperator,supplier,validFrom}). */
public final class RegistryCsv {

    /** The header columns, in the order written. */
    public static final List<String> COLUMNS =
            List.of("meterId", "fuel", "feederId", "substationId", "networkOperator", "supplier", "validFrom");
    private static final Set<String> REQUIRED = Set.of("meterId", "fuel", "networkOperator", "supplier", "validFrom");
    /** A party id: safe as it is in a Kafka topic name and a file name, so no two parties share one. */
    private static final Pattern PARTY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    private RegistryCsv() {
    }

    /** Reads a registry file, refusing it with file, line and reason on the first bad row. */
    public static Registry read(Path file) throws InputException {
        List<RegistryRow> rows = CsvRows.read(file, "registry", REQUIRED, COLUMNS,
                (row, line) -> toRow(row, file, line));
        try {
            return Registry.of(rows);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage());
        }
    }

    /**
     * True when every meter id of the registry file passes the test, the file read one row at a time (nothing of it
     * is kept).
     */
    public static boolean allMeterIds(Path file, Predicate<String> test) throws InputException {
        return CsvRows.allMatch(file, "registry", REQUIRED, COLUMNS, "meterId", test);
    }

    /**
     * A reader of the registry file's lines one at a time, by the file's header (its first line), for a job that
     * reads the file in parallel pieces, each row checked as it is read.
     */
    public static LineReader lineReader(Path file) throws InputException {
        return new LineReader(file, CsvRows.header(file, "registry", REQUIRED, COLUMNS));
    }

    /** Reads one data line of a registry file into its row. */
    public static final class LineReader {
        private final Path file;
        private final CsvRows.LineReader lines;

        private LineReader(Path file, List<String> header) {
            this.file = file;
            this.lines = new CsvRows.LineReader(header);
        }

        /** The row on a data line (not the header), refused with file, line and reason when unusable. */
        public RegistryRow row(String text, int line) throws InputException {
            return toRow(lines.read(text, file, line), file, line);
        }
    }

    private static RegistryRow toRow(Map<String, String> row, Path file, int line) throws InputException {
        for (String column : REQUIRED) {
            CsvRows.required(row, column, file, line);
        }
        for (String party : new String[] {"networkOperator", "supplier"}) {
            String id = row.get(party).trim();
            if (!PARTY_ID.matcher(id).matches()) {
                throw new InputException(file + ":" + line + ": the " + party + " '" + id + "' is not a party id "
                        + "(1 to 64 letters, digits and dashes): each party's alarms go to a topic and a file named "
                        + "by its id, so no two ids may ever come to the same name.");
            }
        }
        Fuel fuel = Fuel.parse(row.get("fuel"));
        if (fuel == null) {
            throw new InputException(file + ":" + line + ": fuel '" + row.get("fuel")
                    + "' is neither ELECTRICITY nor GAS.");
        }
        return new RegistryRow(row.get("meterId").trim(), fuel, CsvRows.optional(row, "feederId"),
                CsvRows.optional(row, "substationId"), row.get("networkOperator").trim(), row.get("supplier").trim(),
                parseValidFrom(row.get("validFrom").trim(), file, line));
    }

    private static Instant parseValidFrom(String text, Path file, int line) throws InputException {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InputException(file + ":" + line + ": validFrom '" + text
                    + "' is neither an ISO-8601 instant (2026-11-20T10:00:00Z) nor a date (2026-11-20).");
        }
    }

    /** Writes rows with the standard header. */
    public static void write(Writer out, Iterable<RegistryRow> rows) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        for (RegistryRow r : rows) {
            out.write(String.join(",", r.meterId(), r.fuel().name(), nullToEmpty(r.feederId()),
                    nullToEmpty(r.substationId()), r.networkOperator(), r.supplier(), r.validFrom().toString()));
            out.write('\n');
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
