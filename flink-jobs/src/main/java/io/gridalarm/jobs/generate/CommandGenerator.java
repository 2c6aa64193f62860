package io.gridalarm.jobs.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gridalarm.model.DccRole;
import io.gridalarm.model.DuisService;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.RegistryRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A fleet's supply-control traffic as the DCC sees it: suppliers' scheduled disconnections and the reconnections
 * after them (most answered in seconds, some failing, some never answered), duplicates sent by mistake, network
 * operators reading supply status, and one supplier's burst of disconnections past the anomaly detection's
 * quarantine level (a compromised or runaway system). Requests and responses go to their own files, in time order;
 * a few lines are spoiled on purpose.
 */
final class CommandGenerator {

    /** The share of meters a supplier disconnects (and reconnects) on a given day. */
    static final double DISCONNECT_SHARE = 0.01;
    /** The share of electricity meters whose network operator reads supply status on a given day. */
    static final double STATUS_READ_SHARE = 0.002;
    /** The disconnections of the burst: past the shipped quarantine level (100 an hour) of one user. */
    static final int BURST = 110;
    private static final JsonFactory JSON = new JsonFactory();

    /** What was written. */
    record Written(Path requests, Path responses, long requestLines, long responseLines, long badLines) {
    }

    private record Timed(Instant time, String line) {
    }

    private final Random random;
    private final Instant start;
    private final int days;
    private final double badLineRate;
    private final List<Timed> requests = new ArrayList<>();
    private final List<Timed> responses = new ArrayList<>();
    private long counter;

    CommandGenerator(long seed, Instant start, int days, double badLineRate) {
        // Its own stream, so the fleet's alerts and reads are the same with or without it.
        this.random = new Random(seed * 31 + 17);
        this.start = start;
        this.days = days;
        this.badLineRate = badLineRate;
    }

    /** Writes {@code requests.jsonl} and {@code responses.jsonl} for the meters into the folder. */
    Written writeTo(Path dir, List<RegistryRow> meters) throws IOException {
        for (RegistryRow meter : meters) {
            for (int day = 0; day < days; day++) {
                Instant dayStart = start.plus(Duration.ofDays(day));
                if (random.nextDouble() < DISCONNECT_SHARE) {
                    Instant off = dayStart.plusSeconds(6 * 3600 + random.nextInt(12 * 3600));
                    command(meter, DuisService.DISABLE_SUPPLY, off.minus(Duration.ofHours(1)), off, true);
                    if (random.nextDouble() < 0.1) {
                        // the same disconnection sent again by mistake: a duplicate the meter ignores
                        command(meter, DuisService.DISABLE_SUPPLY, off.minus(Duration.ofMinutes(59)), off, true);
                    }
                    Instant on = off.plus(Duration.ofMinutes(60 + random.nextInt(7 * 60)));
                    command(meter, DuisService.ENABLE_SUPPLY, on, null, true);
                }
                if (meter.fuel() == Fuel.ELECTRICITY && random.nextDouble() < STATUS_READ_SHARE) {
                    Instant at = dayStart.plusSeconds(random.nextInt(86_400));
                    request(meter, meter.networkOperator(), DccRole.ELECTRICITY_DISTRIBUTOR,
                            DuisService.READ_SUPPLY_STATUS, at, null, "SUCCESS");
                }
            }
        }
        burst(meters);
        Path requestFile = dir.resolve("requests.jsonl");
        Path responseFile = dir.resolve("responses.jsonl");
        long[] bad = {0};
        long requestLines = write(requestFile, requests, bad);
        long responseLines = write(responseFile, responses, bad);
        return new Written(requestFile, responseFile, requestLines, responseLines, bad[0]);
    }

    /**
     * One supplier sends {@link #BURST} disconnections of its electricity meters within forty minutes of the first
     * night (round its meters again when it has fewer: the DCC counts requests, not meters).
     */
    private void burst(List<RegistryRow> meters) throws IOException {
        String supplier = meters.stream().filter(m -> m.fuel() == Fuel.ELECTRICITY).map(RegistryRow::supplier)
                .sorted().findFirst().orElse(null);
        List<RegistryRow> own = meters.stream().filter(m -> m.fuel() == Fuel.ELECTRICITY
                && m.supplier().equals(supplier)).limit(BURST).toList();
        Instant at = start.plus(Duration.ofHours(3));
        for (int i = 0; i < BURST && !own.isEmpty(); i++) {
            command(own.get(i % own.size()), DuisService.DISABLE_SUPPLY, at, null, false);
            at = at.plusMillis(40 * 60_000 / BURST);
        }
    }

    /** A supplier's command, answered as the DCC mostly answers it ({@code mayFail}: sometimes not). */
    private void command(RegistryRow meter, DuisService service, Instant sent, Instant scheduledFor, boolean mayFail)
            throws IOException {
        double roll = random.nextDouble();
        String outcome = !mayFail || roll < 0.95 ? "SUCCESS" : roll < 0.97 ? "FAILURE" : roll < 0.99 ? "E21" : null;
        DccRole role = meter.fuel() == Fuel.GAS ? DccRole.GAS_SUPPLIER : DccRole.IMPORT_SUPPLIER;
        request(meter, meter.supplier(), role, service, sent, scheduledFor, outcome);
    }

    private void request(RegistryRow meter, String user, DccRole role, DuisService service, Instant sent,
                         Instant scheduledFor, String outcome) throws IOException {
        String id = String.format(Locale.ROOT, "rq-%08d", ++counter);
        requests.add(new Timed(sent, json(g -> {
            g.writeStringField("requestId", id);
            g.writeStringField("meterId", meter.meterId());
            g.writeStringField("user", user);
            g.writeStringField("role", role.name());
            g.writeStringField("service", service.reference());
            g.writeStringField("time", sent.toString());
            if (scheduledFor != null) {
                g.writeStringField("scheduledFor", scheduledFor.toString());
            }
        })));
        if (outcome != null) {
            Instant acts = scheduledFor != null ? scheduledFor : sent;
            Instant answered = acts.plusSeconds(5 + random.nextInt(40));
            responses.add(new Timed(answered, json(g -> {
                g.writeStringField("requestId", id);
                g.writeStringField("meterId", meter.meterId());
                g.writeStringField("outcome", outcome);
                g.writeStringField("time", answered.toString());
            })));
        }
    }

    /** The fields a line writes into its JSON object. */
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object of the fields, as a line. */
    private static String json(Fields fields) throws IOException {
        StringWriter text = new StringWriter(200);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        return text.toString();
    }

    private long write(Path file, List<Timed> lines, long[] bad) throws IOException {
        Instant end = start.plus(Duration.ofDays(days));
        lines.removeIf(l -> !l.time().isBefore(end));
        lines.sort(Comparator.comparing(Timed::time).thenComparing(Timed::line));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Timed l : lines) {
                String line = l.line();
                if (random.nextDouble() < badLineRate * 4) {
                    line = random.nextBoolean() ? line.replaceFirst("\"service\":\"[^\"]+\"", "\"service\":\"9.9\"")
                            .replaceFirst("\"outcome\":\"[^\"]+\"", "\"outcome\":\"MAYBE\"")
                            : line.substring(0, line.length() - 2);
                    bad[0]++;
                }
                out.write(line);
                out.write('\n');
            }
        }
        return lines.size();
    }
}
