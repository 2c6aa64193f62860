package io.gridalarm.model;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The catalogue of GBCS alert codes this product understands, loaded from the bundled reference table. */
public final class AlertCodes {

    private static final Pattern PHASE = Pattern.compile("(?:Phase |\\bL)([123])\\b");
    private static final AlertCodes GBCS = load();

    private final Map<String, AlertCode> byCode;

    private AlertCodes(Map<String, AlertCode> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    /** The GBCS catalogue shipped with the project. */
    public static AlertCodes gbcs() {
        return GBCS;
    }

    /** Looks up a code written in hex with or without {@code 0x}, in any case, or {@code AD1}; null if unknown. */
    public AlertCode lookup(String raw) {
        String normalised = normalise(raw);
        return normalised == null ? null : byCode.get(normalised);
    }

    /** Every known code, in table order. */
    public Collection<AlertCode> all() {
        return byCode.values();
    }

    /** The canonical spelling of a code, or null when the text cannot be a code at all. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String text = raw.trim().toUpperCase(Locale.ROOT);
        if (text.equals("AD1")) {
            return text;
        }
        if (text.startsWith("0X")) {
            text = text.substring(2);
        }
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        return "0x" + "0000".substring(text.length()) + text;
    }

    private static AlertCodes load() {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        Map<String, AlertCode> codes = new LinkedHashMap<>();
        try (InputStream in = AlertCodes.class.getResourceAsStream("gbcs-alert-codes.csv")) {
            if (in == null) {
                throw new IllegalStateException("The bundled table gbcs-alert-codes.csv is missing from the class path.");
            }
            MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class).with(schema).readValues(in);
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String code = normalise(row.get("code"));
                String fuel = row.get("fuel");
                String name = row.get("name");
                Matcher phase = PHASE.matcher(name);
                codes.put(code, new AlertCode(code, name, AlertCategory.valueOf(row.get("category")),
                        "ANY".equals(fuel) ? null : Fuel.valueOf(fuel),
                        phase.find() ? Integer.valueOf(phase.group(1)) : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the bundled table gbcs-alert-codes.csv.", e);
        }
        return new AlertCodes(codes);
    }
}
