package io.gridalarm.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One version of a rule set as it lies on disk: {@code <rules>/<name>/<version>/} holding DRL files and a
 * {@code thresholds.csv} ({@code name,value,unit,description}), and optionally the anomaly detection levels of
 * critical commands ({@link CommandLimits}). Reading checks the layout, the thresholds and the levels;
 * compiling the DRL is {@link DroolsMeterRules}'s job.
 */
public record RuleSet(String name, String version, Path directory, List<Path> drlFiles,
                      Thresholds thresholds, Map<Path, String> decisionTableDrl, CommandLimits commandLimits) {

    /** The thresholds file every version must have. */
    public static final String THRESHOLDS_FILE = "thresholds.csv";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");
    private static final Pattern DECLARATION = Pattern.compile("^\\s*(?:(?:rule|query)\\s+(?:\"([^\"]+)\"|(\\w+))"
            + "|declare\\s+(?:trait\\s+)?(\\w+)|function\\s+[\\w.<>\\[\\], ]+?\\s+(\\w+)\\s*\\()");
    private static final Pattern THRESHOLD_USE = Pattern.compile("Threshold\\s*\\(\\s*name\\s*==\\s*\"([^\"]+)\"");

    public RuleSet {
        drlFiles = List.copyOf(drlFiles);
        decisionTableDrl = Collections.unmodifiableMap(new LinkedHashMap<>(decisionTableDrl));
    }

    /** {@code name@version}, as stamped on alarms. */
    public String id() {
        return name + "@" + version;
    }

    /** A threshold's value; fails when the file lacks it (reading already checked the DRL's uses). */
    public double threshold(String thresholdName) {
        return thresholds.value(thresholdName);
    }

    /** Reads and checks a version folder, refusing it with every problem found as {@code file:line: reason}. */
    public static RuleSet read(Path directory) throws RuleSetException {
        List<String> problems = new ArrayList<>();
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new RuleSetException(List.of(directory + ": not a folder; a rule set version is a folder "
                    + "rules/<name>/<version>/ with DRL files and " + THRESHOLDS_FILE));
        }
        String version = dir.getFileName().toString();
        String name = dir.getParent() == null ? "" : dir.getParent().getFileName().toString();
        if (!VERSION.matcher(version).matches()) {
            problems.add(dir + ": the version folder '" + version + "' is not a version such as 1.0.0");
        }
        if (!NAME.matcher(name).matches()) {
            problems.add(dir.getParent() + ": the rule set name '" + name
                    + "' must be lower-case letters, digits and dashes");
        }
        List<Path> drl;
        List<Path> tables;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            drl = all.stream().filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".drl"))
                    .toList();
            tables = all.stream().filter(DecisionTables::isDecisionTable).toList();
        } catch (IOException e) {
            throw new RuleSetException(List.of(dir + ": cannot list the folder: " + e.getMessage()));
        }
        if (drl.isEmpty() && tables.isEmpty()) {
            problems.add(dir + ": no .drl files or decision tables");
        }
        Map<String, Double> thresholds = readThresholds(dir.resolve(THRESHOLDS_FILE), problems);
        CommandLimits commandLimits = CommandLimits.read(dir, problems);
        ReleaseChecksums.verify(dir, problems);
        List<String> sources = new ArrayList<>();
        for (Path file : drl) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                checkSource(file, lines, thresholds, problems);
                sources.add(String.join("\n", lines));
            } catch (IOException e) {
                problems.add(file + ": unreadable: " + e.getMessage());
            }
        }
        Map<Path, String> generated = new LinkedHashMap<>();
        for (Path table : tables) {
            String text = DecisionTables.toDrl(table, problems);
            if (text != null) {
                generated.put(table, text);
                checkSource(Path.of(table + " (generated DRL)"), List.of(text.split("\\R", -1)), thresholds,
                        problems);
                sources.add(text);
            }
        }
        Set<Thresholds.Step> steps = Thresholds.stepsUsedBy(sources);
        for (Thresholds.Step step : steps) {
            for (String needed : step.reads()) {
                if (!thresholds.containsKey(needed)) {
                    problems.add(dir.resolve(THRESHOLDS_FILE) + ": the threshold '" + needed + "' is not defined; "
                            + "the rules use " + step.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + " (" + step.facts() + " facts), which reads it");
                }
            }
        }
        Thresholds read = new Thresholds(thresholds, steps);
        for (Runnable check : List.<Runnable>of(read::statusReads, read::updateMinShare)) {
            try {
                check.run();
            } catch (IllegalArgumentException e) {
                problems.add(dir.resolve(THRESHOLDS_FILE) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleSetException(problems);
        }
        return new RuleSet(name, version, dir, drl, read, generated, commandLimits);
    }

    private static Map<String, Double> readThresholds(Path file, List<String> problems) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (!Files.isReadable(file)) {
            problems.add(file + ": missing or unreadable; every version needs " + THRESHOLDS_FILE
                    + " with the header name,value,unit,description");
            return values;
        }
        RuleSetCsv.read(file, problems, (row, where) -> {
            if (!row.containsKey("name") || !row.containsKey("value")) {
                problems.add(file + ":1: the header must start with name,value");
                return false;
            }
            String key = row.get("name").trim();
            String text = row.get("value").trim();
            if (key.isEmpty()) {
                problems.add(where + "a threshold without a name");
                return true;
            }
            Double value = switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> 1.0;
                case "false" -> 0.0;
                default -> parseNumber(text);
            };
            if (value == null) {
                problems.add(where + "the value '" + text + "' of '" + key + "' is not a number, true or false");
            } else if (values.put(key, value) != null) {
                problems.add(where + "the threshold '" + key + "' is defined twice");
            }
            return true;
        });
        return values;
    }

    private static Double parseNumber(String text) {
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The names of every rule in the version, DRL files first, then decision tables, in file order. */
    public List<String> ruleNames() throws IOException {
        return new ArrayList<>(named(RULE).keySet());
    }

    /** Where each rule, query, function and declared type is ({@code file:line}), by its name, in file order. */
    Map<String, String> declarations() throws IOException {
        return named(DECLARATION);
    }

    private Map<String, String> named(Pattern declaration) throws IOException {
        Map<String, String> where = new LinkedHashMap<>();
        for (Path file : drlFiles) {
            nameLines(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8), declaration, where);
        }
        decisionTableDrl.forEach((table, text) ->
                nameLines(table + " (generated DRL)", List.of(text.split("\\R")), declaration, where));
        return where;
    }

    private static void nameLines(String file, List<String> lines, Pattern declaration, Map<String, String> where) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = declaration.matcher(lines.get(i));
            if (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        where.putIfAbsent(m.group(g), file + ":" + (i + 1));
                        break;
                    }
                }
            }
        }
    }

    private static void checkSource(Path file, List<String> lines, Map<String, Double> thresholds,
                                    List<String> problems) {
        RuleSandbox.check(file, lines, problems);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = THRESHOLD_USE.matcher(lines.get(i));
            while (m.find()) {
                if (!thresholds.containsKey(m.group(1))) {
                    problems.add(file + ":" + (i + 1) + ": the threshold '" + m.group(1) + "' is not defined in "
                            + THRESHOLDS_FILE);
                }
            }
        }
    }
}
