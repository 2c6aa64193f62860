package io.gridalarm.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The rows of a CSV file with a header, each with its line, refused with file, line and reason when unusable. */
final class CsvRows {

    private static final CsvMapper MAPPER = new CsvMapper();

    /** Turns one row, by column, into a value; {@code line} is the row's line in the file. */
    interface RowReader<T> {
        T read(Map<String, String> row, int line) throws InputException;
    }

    private CsvRows() {
    }

    /**
     * Reads every row of {@code file} ({@code what} names it in messages), refusing it when the header lacks a
     * {@code required} column ({@code columns} are all it may have, for the message).
     */
    static <T> List<T> read(Path file, String what, Collection<String> required, List<String> columns,
                            RowReader<T> reader) throws InputException {
        List<T> values = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> it = MAPPER.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            boolean headerChecked = false;
            // Line numbers count one row per line after the header; these files hold no multi-line cells.
            int line = 1;
            while (it.hasNextValue()) {
                Map<String, String> row = it.nextValue();
                line++;
                if (!headerChecked) {
                    for (String column : required) {
                        if (!row.containsKey(column)) {
                            throw new InputException(file + ":1: the " + what + " header lacks the column '" + column
                                    + "'; expected " + String.join(",", columns));
                        }
                    }
                    headerChecked = true;
                }
                values.add(reader.read(row, line));
            }
        } catch (JsonProcessingException e) {
            throw new InputException(file + ":" + e.getLocation().getLineNr() + ": not valid CSV: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputException("Cannot read the " + what + " " + file + ": " + e.getMessage());
        }
        return values;
    }

    /** The column's value, trimmed; refused when it is missing or blank. */
    static String required(Map<String, String> row, String column, Path file, int line) throws InputException {
        String value = row.get(column);
        if (value == null || value.isBlank()) {
            throw new InputException(file + ":" + line + ": the column '" + column + "' is empty.");
        }
        return value.trim();
    }

    /** The column's value, trimmed, or null when it is missing or blank. */
    static String optional(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
