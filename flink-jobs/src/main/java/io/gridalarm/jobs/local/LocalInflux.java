package io.gridalarm.jobs.local;

import io.gridalarm.connectors.SecretFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;

/**
 * The real InfluxDB 1.x server from Debian's {@code influxdb} package, started as {@code influxd} with a
 * temporary configuration on free loopback ports (the packaged service is not used). It can be stopped and
 * started again on the same folder and port, to test a job that must ride out an InfluxDB outage.
 */
public final class LocalInflux implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 30_000;

    /** The secure server's admin user. */
    public static final String ADMIN = "admin";

    private final Path dir;
    private final int httpPort;
    private final int rpcPort;
    private final boolean secure;
    private Process process;

    private LocalInflux(Path dir, int httpPort, int rpcPort, boolean secure) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.rpcPort = rpcPort;
        this.secure = secure;
    }

    /** The influxd binary, or null when the package is not installed. */
    public static Path binary() {
        for (String candidate : List.of("/usr/bin/influxd", "/usr/local/bin/influxd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    /** Starts influxd on free loopback ports with its data in the folder, and waits until it answers. */
    public static LocalInflux start(Path dir) throws IOException, InterruptedException {
        return start(dir, false);
    }

    /**
     * Starts influxd, with authentication when {@code secure}: every request needs a user, and an admin user with a
     * generated password is made at first start, its credentials kept in {@code admin.properties} in the folder.
     */
    public static LocalInflux start(Path dir, boolean secure) throws IOException, InterruptedException {
        if (binary() == null) {
            throw new IOException("InfluxDB is not installed: apt-get install influxdb (bin/test does this).");
        }
        LocalInflux influx = new LocalInflux(dir.toAbsolutePath(), ChildProcess.freePort(), ChildProcess.freePort(),
                secure);
        influx.start();
        return influx;
    }

    /** The admin's credentials file (secure servers only). */
    public Path adminCredentials() {
        return dir.resolve("admin.properties");
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("influxdb.conf");
        Files.writeString(config, String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + rpcPort + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[http]", "  bind-address = \"127.0.0.1:" + httpPort + "\"", "  log-enabled = false",
                "  auth-enabled = " + secure,
                "[monitor]", "  store-enabled = false",
                "[continuous_queries]", "  enabled = false",
                "[subscriber]", "  enabled = false", ""));
        Path log = dir.resolve("influxd.log");
        process = new ProcessBuilder(binary().toString(), "run", "-config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("influxd stopped while starting:\n" + ChildProcess.tail(log, 20));
            }
            try {
                HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ping.statusCode() == 204) {
                    if (secure) {
                        ensureAdmin();
                    }
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        stop();
        throw new IOException("influxd did not answer on " + url() + " within 30 s:\n" + ChildProcess.tail(log, 20));
    }

    /**
     * Makes the admin user on first start: InfluxDB lets the first user be created without credentials, and only
     * an admin.
     */
    private void ensureAdmin() throws IOException {
        if (Files.exists(adminCredentials())) {
            return;
        }
        String password = SecretFiles.newPassword();
        try (InfluxDB influx = InfluxDBFactory.connect(url())) {
            influx.query(new Query("CREATE USER \"" + ADMIN + "\" WITH PASSWORD '" + password
                    + "' WITH ALL PRIVILEGES"));
        }
        SecretFiles.write(adminCredentials(), "the development InfluxDB server's admin",
                Map.of("username", ADMIN, "password", password));
    }

    /** Stops the server (SIGTERM); its data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        ChildProcess.stop(process, 15_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
