package io.gridalarm.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

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
                    checked(List.copyOf(row.keySet()), file, what, required, columns);
                    headerChecked = true;
                }
                values.add(reader.read(row, line));
            }
        } catch (IOException e) {
            throw unreadable(e, file, what);
        }
        return values;
    }

    /** Why a file could not be read through: bad CSV at its line, or the file itself. */
    private static InputException unreadable(IOException e, Path file, String what) {
        if (e instanceof JsonProcessingException bad) {
            return new InputException(file + ":" + bad.getLocation().getLineNr() + ": not valid CSV: "
                    + bad.getOriginalMessage());
        }
        return new InputException("Cannot read the " + what + " " + file + ": " + e.getMessage());
    }

    /** The columns of the file's header, refused when it lacks a {@code required} one. */
    static List<String> header(Path file, String what, Collection<String> required, List<String> columns)
            throws InputException {
        String first;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = in.readLine();
        } catch (IOException e) {
            throw new InputException("Cannot read the " + what + " " + file + ": " + e.getMessage());
        }
        return checked(first == null ? List.of() : cells(first, file), file, what, required, columns);
    }

    /** The header when it has every required column, else refused with the file, its line 1 and the columns. */
    private static List<String> checked(List<String> header, Path file, String what, Collection<String> required,
                                        List<String> columns) throws InputException {
        // In the columns' order, so a header lacking several names the same one every run.
        for (String column : columns) {
            if (required.contains(column) && !header.contains(column)) {
                throw new InputException(file + ":1: the " + what + " header lacks the column '" + column
                        + "'; expected " + String.join(",", columns));
            }
        }
        return header;
    }

    /**
     * True when the column's value (trimmed) passes the test on every row of the file, read one row at a time; false
     * at the first that does not. The header is checked as {@link #header} checks it.
     */
    static boolean allMatch(Path file, String what, Collection<String> required, List<String> columns, String column,
                            Predicate<String> test) throws InputException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<List<String>> it = MAPPER.readerForListOf(String.class)
                     .with(CsvSchema.emptySchema()).with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(in)) {
            List<String> header = checked(it.hasNextValue() ? it.nextValue().stream().map(String::trim).toList()
                    : List.of(), file, what, required, columns);
            int index = header.indexOf(column);
            if (index < 0) {
                throw new IllegalArgumentException("The column '" + column + "' is not among the required columns "
                        + required + ".");
            }
            while (it.hasNextValue()) {
                List<String> row = it.nextValue();
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue;
                }
                if (row.size() <= index || !test.test(row.get(index).trim())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw unreadable(e, file, what);
        }
    }

    /** Reads single lines of a CSV file whose header is known. */
    static final class LineReader {
        private final List<String> header;
        private final ObjectReader reader;

        LineReader(List<String> header) {
            this.header = List.copyOf(header);
            CsvSchema.Builder schema = CsvSchema.builder();
            header.forEach(schema::addColumn);
            this.reader = MAPPER.readerForMapOf(String.class).with(schema.build());
        }

        /** The line's values by column. */
        Map<String, String> read(String text, Path file, int line) throws InputException {
            try {
                return reader.readValue(text);
            } catch (IOException e) {
                throw new InputException(file + ":" + line + ": not valid CSV: " + e.getMessage());
            }
        }

    }

    /** The cells of a header line, trimmed. */
    private static List<String> cells(String text, Path file) throws InputException {
        try (MappingIterator<List<String>> it = MAPPER.readerForListOf(String.class)
                .with(CsvSchema.emptySchema()).with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(text)) {
            return it.hasNextValue() ? it.nextValue().stream().map(String::trim).toList() : List.of();
        } catch (IOException e) {
            throw new InputException(file + ":1: not valid CSV: " + e.getMessage());
        }
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
