package io.gridalarm.rules;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The rows of a rule-set version's CSV file (thresholds, command limits), by column, each with where it is
 * ({@code file:line: }), so that every problem of the file is collected rather than the first alone.
 */
final class RuleSetCsv {

    private static final CsvMapper CSV = new CsvMapper();

    /** Looks at one row; returns false to stop reading (a header that cannot be used). */
    interface RowVisitor {
        boolean visit(Map<String, String> row, String where);
    }

    private RuleSetCsv() {
    }

    /** Hands each row of the file to the visitor; a file that is not CSV adds its problem. */
    static void read(Path file, List<String> problems, RowVisitor visitor) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withComments();
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class).with(schema)
                .readValues(file.toFile())) {
            while (rows.hasNextValue()) {
                // Read before the row is consumed: afterwards the location is already on the next line.
                String where = file + ":" + rows.getCurrentLocation().getLineNr() + ": ";
                if (!visitor.visit(rows.nextValue(), where)) {
                    return;
                }
            }
        } catch (IOException e) {
            problems.add(file + ": not valid CSV: " + e.getMessage().split("\\R")[0]);
        }
    }
}
