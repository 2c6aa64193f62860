package io.gridalarm.rules;

import io.gridalarm.model.DuisService;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The anomaly detection levels of critical commands ({@code command-limits.csv}: {@code user,service,windowMinutes,
 * warning,quarantine,description}), after the DCC's threshold anomaly detection: for each DCC user and critical
 * service, how many requests within a sliding window are a warning and how many are held in quarantine. A row for
 * user {@code *} is the default of every user without its own; user {@code fleet} counts every user's requests
 * together. No file: nothing is watched.
 */
public record CommandLimits(Map<String, Limit> limits) implements Serializable {

    /** The file of a rule-set version that holds the limits. */
    public static final String FILE = "command-limits.csv";
    /** The user of the default rows. */
    public static final String ANY_USER = "*";
    /** The user of the fleet's rows: every user's requests together. */
    public static final String FLEET = "fleet";
    /** Limits that watch nothing. */
    public static final CommandLimits NONE = new CommandLimits(Map.of());

    private static final long serialVersionUID = 1L;

    /** One row: more than {@code warning} requests within the window is a warning; beyond {@code quarantine}, held. */
    public record Limit(Duration window, int warning, int quarantine) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public CommandLimits {
        limits = Map.copyOf(limits);
    }

    /** The limit of the user's requests of the service: its own row, else the default row, else null (unwatched). */
    public Limit of(String user, DuisService service) {
        Limit own = limits.get(key(user, service));
        return own != null ? own : FLEET.equals(user) ? null : limits.get(key(ANY_USER, service));
    }

    /** The limit of all users' requests of the service together, or null (unwatched). */
    public Limit ofFleet(DuisService service) {
        return limits.get(key(FLEET, service));
    }

    /** True when no limit is set at all. */
    public boolean isEmpty() {
        return limits.isEmpty();
    }

    private static String key(String user, DuisService service) {
        return user + "|" + service.reference();
    }

    /** Reads the version's limits file, if it has one, adding each problem as {@code file:line: reason}. */
    static CommandLimits read(Path directory, List<String> problems) {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return NONE;
        }
        Map<String, Limit> limits = new LinkedHashMap<>();
        RuleSetCsv.read(file, problems, (row, where) -> {
            for (String column : List.of("user", "service", "windowMinutes", "warning", "quarantine")) {
                if (!row.containsKey(column)) {
                    problems.add(file + ":1: the header must be user,service,windowMinutes,warning,quarantine"
                            + ",description");
                    return false;
                }
            }
            String problem = addRow(row, limits);
            if (problem != null) {
                problems.add(where + problem);
            }
            return true;
        });
        return new CommandLimits(limits);
    }

    /** Adds the row's limit, or returns what is wrong with it. */
    private static String addRow(Map<String, String> row, Map<String, Limit> limits) {
        String user = row.get("user").trim();
        DuisService service = DuisService.ofReference(row.get("service").trim());
        Integer window = whole(row.get("windowMinutes"));
        Integer warning = whole(row.get("warning"));
        Integer quarantine = whole(row.get("quarantine"));
        if (user.isEmpty()) {
            return "a limit without a user (a DCC user id, " + ANY_USER + " or " + FLEET + ")";
        }
        if (service == null || !service.critical()) {
            return "the service '" + row.get("service").trim() + "' is not a critical command (7.1, 7.2, 7.3, 6.4.1)";
        }
        if (window == null || window <= 0 || warning == null || warning < 0 || quarantine == null
                || quarantine < 0) {
            return "windowMinutes must be a whole number above 0 and warning and quarantine whole numbers of 0 or "
                    + "more";
        }
        if (warning > quarantine) {
            return "the warning level " + warning + " is above the quarantine level " + quarantine;
        }
        if (limits.put(key(user, service), new Limit(Duration.ofMinutes(window), warning, quarantine)) != null) {
            return "user " + user + " has two limits for service " + service.reference();
        }
        return null;
    }

    private static Integer whole(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
