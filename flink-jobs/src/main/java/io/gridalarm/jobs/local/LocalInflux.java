package io.gridalarm.jobs.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real InfluxDB 1.x server from Debian's {@code influxdb} package, started as {@code influxd} with a
 * temporary configuration on free loopback ports (the packaged service is not used). It can be stopped and
 * started again on the same folder and port, to test a job that must ride out an InfluxDB outage.
 */
public final class LocalInflux implements AutoCloseable {

    private static final long READY_TIMEOUT_MILLIS = 30_000;

    private final Path dir;
    private final int httpPort;
    private final int rpcPort;
    private Process process;

    private LocalInflux(Path dir, int httpPort, int rpcPort) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.rpcPort = rpcPort;
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
        if (binary() == null) {
            throw new IOException("InfluxDB is not installed: apt-get install influxdb (bin/test does this).");
        }
        LocalInflux influx = new LocalInflux(dir.toAbsolutePath(), ChildProcess.freePort(), ChildProcess.freePort());
        influx.start();
        return influx;
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

    /** Stops the server (SIGTERM); its data stays for {@link #start()}. */
    public void stop() throws InterruptedException {
        ChildProcess.stop(process, 15_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
