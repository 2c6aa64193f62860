package io.gridalarm.connectors.influx;

import io.gridalarm.connectors.SecretFiles;
import io.gridalarm.model.InputException;
import io.gridalarm.model.Party;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.influxdb.InfluxDB;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Keeps an InfluxDB 1.x server with authentication in step with the parties the registry names: the operators'
 * database and one database per party (the job's writer copies each delivery there, see {@link InfluxDatabases}),
 * a read-only user per party on its own database only, the job's writer user, and an operator user that reads the
 * operators' database. A party gone from the registry loses its user; its database (its history) stays.
 */
public final class InfluxAccess {

    /** The job's user: writes every database, reads none. */
    public static final String WRITER = "gridalarm-writer";
    /** The operations team's user: reads the operators' database. */
    public static final String OPERATOR = "gridalarm-operator";

    private InfluxAccess() {
    }

    /** A user's credentials file in the credentials folder. */
    public static Path credentialsFile(Path credentials, String user) {
        return credentials.resolve("influx-" + user + ".properties");
    }

    /**
     * Brings the server in step and returns one line per change, empty when there was nothing to change.
     *
     * @param admin    a connection as an admin user
     * @param database the operators' database (the job's {@code --influx-db})
     */
    public static List<String> sync(InfluxDB admin, String database, Collection<Party> parties, Path credentials)
            throws IOException {
        List<String> changes = new ArrayList<>();
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        Set<String> databases = new TreeSet<>();
        databases.add(database);
        for (Party party : new TreeSet<>(parties)) {
            String own = InfluxDatabases.ofParty(database, party.type().slug(), party.id());
            databases.add(own);
            wanted.put(party.principal(), Map.of(own, "READ"));
        }
        Map<String, String> writes = new LinkedHashMap<>();
        databases.forEach(db -> writes.put(db, "WRITE"));
        wanted.put(WRITER, writes);
        wanted.put(OPERATOR, Map.of(database, "READ"));

        Set<String> existingDatabases = new HashSet<>();
        rows(admin, "SHOW DATABASES").forEach(row -> existingDatabases.add(String.valueOf(row.get(0))));
        for (String db : databases) {
            if (!existingDatabases.contains(db)) {
                run(admin, "CREATE DATABASE " + quoted(db));
                changes.add("InfluxDB database " + db + ": created");
            }
        }
        Set<String> users = new HashSet<>();
        rows(admin, "SHOW USERS").forEach(row -> users.add(String.valueOf(row.get(0))));
        for (Map.Entry<String, Map<String, String>> user : wanted.entrySet()) {
            String name = user.getKey();
            Path file = credentialsFile(credentials, name);
            String password = Files.exists(file) ? read(file).password() : null;
            if (!users.contains(name)) {
                password = password != null ? password : SecretFiles.newPassword();
                run(admin, "CREATE USER " + quoted(name) + " WITH PASSWORD '" + password + "'");
                changes.add("InfluxDB user " + name + ": created, credentials in " + file);
            } else if (password == null) {
                password = SecretFiles.newPassword();
                run(admin, "SET PASSWORD FOR " + quoted(name) + " = '" + password + "'");
                changes.add("InfluxDB user " + name + ": new password, credentials in " + file);
            }
            SecretFiles.write(file, "InfluxDB user " + name, Map.of("username", name, "password", password));
            grant(admin, name, user.getValue(), changes);
        }
        for (String user : users) {
            if (Party.isPrincipal(user) && !wanted.containsKey(user)) {
                run(admin, "DROP USER " + quoted(user));
                Files.deleteIfExists(credentialsFile(credentials, user));
                changes.add("InfluxDB user " + user + ": removed (no longer in the registry)");
            }
        }
        return changes;
    }

    /** Grants what the user should have on each database, and revokes what it has anywhere else. */
    private static void grant(InfluxDB admin, String user, Map<String, String> privileges, List<String> changes)
            throws IOException {
        Map<String, String> held = new LinkedHashMap<>();
        for (List<Object> row : rows(admin, "SHOW GRANTS FOR " + quoted(user))) {
            String privilege = String.valueOf(row.get(1)).toUpperCase(Locale.ROOT);
            if (!privilege.startsWith("NO")) {
                held.put(String.valueOf(row.get(0)), privilege);
            }
        }
        for (Map.Entry<String, String> wanted : privileges.entrySet()) {
            if (!wanted.getValue().equals(held.get(wanted.getKey()))) {
                if (held.containsKey(wanted.getKey())) {
                    run(admin, "REVOKE ALL ON " + quoted(wanted.getKey()) + " FROM " + quoted(user));
                }
                run(admin, "GRANT " + wanted.getValue() + " ON " + quoted(wanted.getKey()) + " TO " + quoted(user));
                changes.add("InfluxDB user " + user + ": " + wanted.getValue() + " on " + wanted.getKey());
            }
        }
        for (String db : held.keySet()) {
            if (!privileges.containsKey(db)) {
                run(admin, "REVOKE ALL ON " + quoted(db) + " FROM " + quoted(user));
                changes.add("InfluxDB user " + user + ": access to " + db + " revoked");
            }
        }
    }

    private static InfluxCredentials read(Path file) throws IOException {
        try {
            return InfluxCredentials.read(file);
        } catch (InputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void run(InfluxDB admin, String statement) throws IOException {
        rows(admin, statement);
    }

    /** The rows of a statement's first series, or an error naming the statement. */
    private static List<List<Object>> rows(InfluxDB admin, String statement) throws IOException {
        QueryResult result = admin.query(new Query(statement));
        String error = result.getError();
        if (error == null && result.getResults() != null && !result.getResults().isEmpty()) {
            error = result.getResults().get(0).getError();
        }
        if (error != null) {
            throw new IOException("InfluxDB refused '" + statement.replaceAll("PASSWORD '[^']*'", "PASSWORD '...'")
                    .replaceAll("= '[^']*'", "= '...'") + "': " + error);
        }
        List<List<Object>> rows = new ArrayList<>();
        if (result.getResults() != null && !result.getResults().isEmpty()
                && result.getResults().get(0).getSeries() != null) {
            result.getResults().get(0).getSeries().forEach(series -> {
                if (series.getValues() != null) {
                    rows.addAll(series.getValues());
                }
            });
        }
        return rows;
    }
}
