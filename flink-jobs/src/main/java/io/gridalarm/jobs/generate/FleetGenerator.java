package io.gridalarm.jobs.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.gridalarm.jobs.functions.Arrivals;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.NetworkAsset;
import io.gridalarm.model.NetworkCsv;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.model.RegistryRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A synthetic but realistic fleet for demos, tests and the benchmark, the same for the same seed: a registry over
 * several network operators, substations, feeders and suppliers (with changes of supplier and gas meters),
 * half-hourly reads with voltage (feeder-wide excursions included), alerts (safety, tamper, supply control,
 * voltage, momentary interruptions), re-delivered events and a sprinkling of bad lines. Optionally each read says
 * when it reaches the job ({@code receivedAt}), as GB reads really arrive: each day's reads in the next night's
 * batch, meter by meter, and a few meters' second day two days late after a comms fault.
 */
public final class FleetGenerator {

    static final List<String> DNOS = List.of("10", "11", "12", "14", "19", "20", "23");
    static final List<String> GDNS = List.of("NGN", "SGN", "WWU", "CAD");
    static final List<String> SUPPLIERS = List.of("ALFA", "BRVO", "CHRL", "DLTA", "ECHO", "FXTR");
    private static final int[] MPAN_WEIGHTS = {3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43};
    private static final int METERS_PER_FEEDER = 25;
    private static final int FEEDERS_PER_SUBSTATION = 4;
    private static final int INTERVAL_MINUTES = 30;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * What to generate; {@code receivedAt}: each read line says when it reaches the job; {@code withoutReads}: no
     * reads at all (an empty reads file), for a fleet-scale storm measured on its alerts.
     */
    public record Settings(int meters, int days, long seed, Instant start, double badLineRate, double stormShare,
                           boolean receivedAt, boolean withoutReads) {

        /** A fleet without a storm. */
        public Settings(int meters, int days, long seed, Instant start, double badLineRate) {
            this(meters, days, seed, start, badLineRate, 0);
        }

        /** A fleet whose lines do not say when they arrive. */
        public Settings(int meters, int days, long seed, Instant start, double badLineRate, double stormShare) {
            this(meters, days, seed, start, badLineRate, stormShare, false, false);
        }

        /** The same fleet, its reads saying when they reach the job. */
        public Settings withReceivedAt() {
            return new Settings(meters, days, seed, start, badLineRate, stormShare, true, withoutReads);
        }

        /** The same fleet with no reads (its alerts alone). */
        public Settings onlyAlerts() {
            return new Settings(meters, days, seed, start, badLineRate, stormShare, receivedAt, true);
        }

        public Settings {
            if (stormShare < 0 || stormShare > 1) {
                throw new IllegalArgumentException("The storm share of HV feeders must be between 0 and 1, not "
                        + stormShare + ".");
            }
            if (meters < 1) {
                throw new IllegalArgumentException("A fleet needs at least one meter, not " + meters + ".");
            }
            if (days < 1 || days > 3660) {
                throw new IllegalArgumentException("Days must be between 1 and 3660, not " + days + ".");
            }
            if (badLineRate < 0 || badLineRate > 0.5) {
                throw new IllegalArgumentException("The bad-line rate must be between 0 and 0.5, not " + badLineRate
                        + ".");
            }
            if (start.getEpochSecond() % 1800 != 0) {
                throw new IllegalArgumentException("The start must be on a half hour, not " + start + ".");
            }
        }
    }

    /**
     * Counts of what was written; {@code lateMeters}, the meters whose second day of reads arrives two days late
     * (empty unless the reads say when they arrive).
     */
    public record Written(Path registry, Path events, Path reads, int meters, int registryRows, long eventLines,
                          long readLines, long badLines, int stormMeters, List<String> lateMeters, Path network,
                          Path requests, Path responses, long requestLines, long responseLines) {
    }

    /** A meter's day in the batch follows the previous meter's this much later. */
    private static final long BATCH_STEP_MILLIS = 20;
    private static final double LATE_METER_SHARE = 0.02;

    /** One meter's loss of supply in a storm, from its loss to its restoration. */
    private record Loss(Instant lost, Instant restored, boolean hubAlert) {
        boolean overlaps(Instant start, Instant end) {
            return start.isBefore(restored) && end.isAfter(lost);
        }
    }

    private record Meter(RegistryRow row, int feederIndex, double baseVolts, boolean solar, double usage) {
    }

    private record Excursion(int feeder, int firstInterval, int intervals, double shiftVolts) {
    }

    private record TimedLine(Instant time, String meterId, String line) {
    }

    private final Settings settings;
    private final Random random;

    public FleetGenerator(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /**
     * Writes {@code registry.csv}, {@code network.csv} (the tree above its feeders and substations),
     * {@code events.jsonl}, {@code reads.jsonl}, and the supply-control traffic ({@link CommandGenerator}:
     * {@code requests.jsonl}, {@code responses.jsonl}) into the folder.
     */
    public Written writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Meter> meters = new ArrayList<>();
        List<RegistryRow> rows = new ArrayList<>();
        buildRegistry(meters, rows);
        Path registry = dir.resolve("registry.csv");
        try (Writer out = Files.newBufferedWriter(registry, StandardCharsets.UTF_8)) {
            RegistryCsv.write(out, rows);
        }
        Path network = dir.resolve("network.csv");
        try (Writer out = Files.newBufferedWriter(network, StandardCharsets.UTF_8)) {
            NetworkCsv.write(out, NetworkTree.of(rows));
        }
        int intervals = settings.days() * 24 * 60 / INTERVAL_MINUTES;
        int feeders = meters.stream().mapToInt(Meter::feederIndex).max().orElse(-1) + 1;
        List<Excursion> excursions = excursions(feeders, intervals);
        Loss[] storm = storm(meters, rows);
        boolean[] late = lateMeters(meters.size());
        long[] bad = {0};
        Path reads = dir.resolve("reads.jsonl");
        long readLines = settings.withoutReads() ? writeNothing(reads)
                : writeReads(reads, meters, excursions, storm, late, intervals, bad);
        Path events = dir.resolve("events.jsonl");
        long eventLines = writeEvents(events, meters, excursions, storm, bad);
        int stormMeters = (int) Arrays.stream(storm).filter(Objects::nonNull).count();
        List<String> lateIds = new ArrayList<>();
        for (int i = 0; i < late.length; i++) {
            if (late[i]) {
                lateIds.add(meters.get(i).row().meterId());
            }
        }
        CommandGenerator.Written commands = new CommandGenerator(settings.seed(), settings.start(), settings.days(),
                settings.badLineRate()).writeTo(dir, meters.stream().map(Meter::row).toList());
        return new Written(registry, events, reads, meters.size(), rows.size(), eventLines, readLines,
                bad[0] + commands.badLines(), stormMeters, List.copyOf(lateIds), network, commands.requests(),
                commands.responses(), commands.requestLines(), commands.responseLines());
    }

    /** The meters with a comms fault whose second day of reads arrives two days late; drawn from their own stream. */
    private boolean[] lateMeters(int count) {
        boolean[] late = new boolean[count];
        if (settings.receivedAt() && settings.days() > 1) {
            Random faults = new Random(settings.seed() * 31 + 13);
            for (int i = 0; i < count; i++) {
                late[i] = faults.nextDouble() < LATE_METER_SHARE;
            }
        }
        return late;
    }

    /** When a meter's read for an interval reaches the job: in the batch of the next night, meter by meter. */
    private Instant receivedAt(int meterIndex, boolean late, Instant intervalStart) {
        Instant intervalEnd = intervalStart.plus(Duration.ofMinutes(INTERVAL_MINUTES));
        Instant batch = Instant.ofEpochMilli(Arrivals.nextNight(intervalEnd.toEpochMilli()))
                .plusMillis(meterIndex * BATCH_STEP_MILLIS);
        boolean secondDay = intervalStart.truncatedTo(ChronoUnit.DAYS).equals(settings.start()
                .truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
        return late && secondDay ? batch.plus(Duration.ofDays(2)) : batch;
    }

    private void buildRegistry(List<Meter> meters, List<RegistryRow> rows) {
        Instant registered = settings.start().minus(Duration.ofDays(365));
        int gasMeters = settings.meters() / 4;
        int electricMeters = settings.meters() - gasMeters;
        int feeders = Math.max(1, (electricMeters + METERS_PER_FEEDER - 1) / METERS_PER_FEEDER);
        int dnoCount = Math.max(1, Math.min(DNOS.size(), settings.meters() / 40));
        double[] feederVolts = new double[feeders];
        for (int f = 0; f < feeders; f++) {
            feederVolts[f] = 236 + random.nextDouble() * 8;
        }
        for (int i = 0; i < settings.meters(); i++) {
            boolean gas = i >= electricMeters;
            String supplier = SUPPLIERS.get(random.nextInt(SUPPLIERS.size()));
            RegistryRow row;
            int feeder = -1;
            if (gas) {
                String gdn = GDNS.get(i % Math.min(GDNS.size(), Math.max(1, dnoCount)));
                row = new RegistryRow(mprn(i), Fuel.GAS, null, null, gdn, supplier, registered);
            } else {
                feeder = i / METERS_PER_FEEDER;
                int substation = feeder / FEEDERS_PER_SUBSTATION;
                String dno = DNOS.get(substation % dnoCount);
                row = new RegistryRow(mpan(dno, i), Fuel.ELECTRICITY,
                        String.format(Locale.ROOT, "F-%s-%04d-%d", dno, substation, feeder % FEEDERS_PER_SUBSTATION),
                        String.format(Locale.ROOT, "S-%s-%04d", dno, substation), dno, supplier, registered);
            }
            rows.add(row);
            meters.add(new Meter(row, feeder, gas ? 0 : feederVolts[feeder] + random.nextGaussian() * 0.8,
                    !gas && random.nextDouble() < 0.2, 0.15 + random.nextDouble() * 0.4));
            if (random.nextDouble() < 0.04) {
                String next = SUPPLIERS.get((SUPPLIERS.indexOf(supplier) + 1 + random.nextInt(SUPPLIERS.size() - 1))
                        % SUPPLIERS.size());
                Instant change = settings.start().plus(Duration.ofDays(random.nextInt(settings.days())))
                        .plus(Duration.ofHours(12));
                rows.add(new RegistryRow(row.meterId(), row.fuel(), row.feederId(), row.substationId(),
                        row.networkOperator(), next, change));
            }
        }
    }

    /** Feeder-wide voltage excursions: a tenth of feeders get one, one to five intervals long, high or low. */
    private List<Excursion> excursions(int feeders, int intervals) {
        List<Excursion> list = new ArrayList<>();
        for (int f = 0; f < feeders; f++) {
            if (random.nextDouble() < 0.1) {
                int length = 1 + random.nextInt(5);
                list.add(new Excursion(f, random.nextInt(Math.max(1, intervals - length)), length,
                        random.nextBoolean() ? 16 + random.nextDouble() * 4 : -(26 + random.nextDouble() * 6)));
            }
        }
        return list;
    }

    /**
     * A storm at the middle of the period, as GB storms really take supply off: HV feeders trip (a share of them, and
     * now and then every HV feeder of a primary at once), all within twenty minutes, each taking every meter below
     * it off within seconds; most hubs send AD1. Each tripped HV feeder is restored in one to three stages (a control
     * room switching sections back one to six hours later, each secondary substation with one of the stages); about
     * one LV feeder in twenty-five and one meter in five hundred stay off for hours longer (nested faults: a blown LV
     * fuse, a service cable). At least one HV feeder trips whenever the share is above zero. Drawn from its own random
     * stream, so a fleet without a storm is unchanged.
     */
    private Loss[] storm(List<Meter> meters, List<RegistryRow> rows) {
        Loss[] losses = new Loss[meters.size()];
        if (settings.stormShare() == 0) {
            return losses;
        }
        Random storm = new Random(settings.seed() * 31 + 7);
        Instant hits = settings.start().plus(Duration.ofHours(12L * settings.days()));
        Map<String, String> parent = new TreeMap<>();
        for (NetworkAsset asset : NetworkTree.of(rows)) {
            if (asset.parentId() != null) {
                parent.put(asset.assetId(), asset.parentId());
            }
        }
        Map<String, List<Integer>> metersByHvFeeder = new TreeMap<>();
        Map<String, Set<String>> hvFeedersByPrimary = new TreeMap<>();
        for (int i = 0; i < meters.size(); i++) {
            String substation = meters.get(i).row().substationId();
            String hv = substation == null ? null : parent.get(substation);
            if (hv != null) {
                metersByHvFeeder.computeIfAbsent(hv, h -> new ArrayList<>()).add(i);
                hvFeedersByPrimary.computeIfAbsent(parent.get(hv), p -> new TreeSet<>()).add(hv);
            }
        }
        Map<String, Instant> trips = new TreeMap<>();
        for (Set<String> hvFeeders : hvFeedersByPrimary.values()) {
            Instant primaryTrip = storm.nextDouble() < settings.stormShare() / 4
                    ? hits.plusSeconds(storm.nextInt(1200)) : null;
            for (String hv : hvFeeders) {
                Instant trip = storm.nextDouble() < settings.stormShare() ? hits.plusSeconds(storm.nextInt(1200)) : null;
                if (primaryTrip != null || trip != null) {
                    trips.put(hv, primaryTrip != null ? primaryTrip : trip);
                }
            }
        }
        if (trips.isEmpty() && !metersByHvFeeder.isEmpty()) {
            List<String> all = new ArrayList<>(metersByHvFeeder.keySet());
            trips.put(all.get(storm.nextInt(all.size())), hits.plusSeconds(storm.nextInt(1200)));
        }
        for (Map.Entry<String, Instant> tripped : trips.entrySet()) {
            Instant trip = tripped.getValue();
            Instant[] stages = new Instant[1 + storm.nextInt(3)];
            for (int k = 0; k < stages.length; k++) {
                stages[k] = trip.plus(Duration.ofMinutes(60 + storm.nextInt(300)));
            }
            Map<String, Instant> backBySubstation = new TreeMap<>();
            Map<String, Instant> nestedFeederBack = new TreeMap<>();
            for (int i : metersByHvFeeder.get(tripped.getKey())) {
                RegistryRow row = meters.get(i).row();
                Instant stage = backBySubstation.computeIfAbsent(row.substationId(),
                        s -> stages[storm.nextInt(stages.length)]);
                Instant feederBack = nestedFeederBack.computeIfAbsent(row.feederId(), f -> storm.nextDouble() < 1.0 / 25
                        ? stage.plus(Duration.ofMinutes(120 + storm.nextInt(240))) : stage);
                Instant lost = trip.plusSeconds(storm.nextInt(10));
                Instant back = storm.nextDouble() < 1.0 / 500
                        ? feederBack.plus(Duration.ofMinutes(120 + storm.nextInt(240)))
                        : feederBack.plusSeconds(storm.nextInt(60));
                losses[i] = new Loss(lost, back, storm.nextDouble() < 0.7);
            }
        }
        return losses;
    }

    private static long writeNothing(Path file) throws IOException {
        Files.writeString(file, "", StandardCharsets.UTF_8);
        return 0;
    }

    private long writeReads(Path file, List<Meter> meters, List<Excursion> excursions, Loss[] storm, boolean[] late,
                            int intervals, long[] bad) throws IOException {
        long lines = 0;
        double[] shiftByFeeder = new double[meters.size()];
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int t = 0; t < intervals; t++) {
                Instant start = settings.start().plus(Duration.ofMinutes((long) t * INTERVAL_MINUTES));
                Arrays.fill(shiftByFeeder, 0);
                for (Excursion e : excursions) {
                    if (t >= e.firstInterval() && t < e.firstInterval() + e.intervals()) {
                        shiftByFeeder[e.feeder()] = e.shiftVolts();
                    }
                }
                double hour = (t % 48) / 2.0;
                double profile = 0.5 + 0.5 * Math.sin((hour - 7) / 24 * 2 * Math.PI) + (hour >= 17 && hour < 21 ? 0.6 : 0);
                Instant end = start.plus(Duration.ofMinutes(INTERVAL_MINUTES));
                for (int i = 0; i < meters.size(); i++) {
                    Meter m = meters.get(i);
                    if (storm[i] != null && storm[i].overlaps(start, end)) {
                        continue;
                    }
                    String line = readLine(m, start, profile, m.feederIndex() < 0 ? 0 : shiftByFeeder[m.feederIndex()],
                            settings.receivedAt() ? receivedAt(i, late[i], start) : null);
                    if (random.nextDouble() < settings.badLineRate()) {
                        line = spoilRead(line, m);
                        bad[0]++;
                    }
                    out.write(line);
                    out.write('\n');
                    lines++;
                }
            }
        }
        return lines;
    }

    private String readLine(Meter m, Instant start, double profile, double shift, Instant receivedAt)
            throws IOException {
        StringWriter text = new StringWriter(200);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("meterId", m.row().meterId());
            g.writeStringField("fuel", m.row().fuel().name());
            g.writeStringField("start", start.toString());
            g.writeNumberField("minutes", INTERVAL_MINUTES);
            g.writeNumberField("importKwh", round(m.usage() * profile * (0.7 + random.nextDouble() * 0.6), 3));
            if (m.row().fuel() == Fuel.ELECTRICITY) {
                double solarHour = profile > 0.8 && m.solar() ? random.nextDouble() * 0.4 : 0.0;
                g.writeNumberField("exportKwh", round(solarHour, 3));
                double avg = m.baseVolts() + shift + random.nextGaussian() * 0.7;
                g.writeNumberField("voltageMin", round(avg - 0.5 - random.nextDouble() * 2.5, 1));
                g.writeNumberField("voltageAvg", round(avg, 1));
                g.writeNumberField("voltageMax", round(avg + 0.5 + random.nextDouble() * 2.5, 1));
            }
            if (receivedAt != null) {
                g.writeStringField("receivedAt", receivedAt.toString());
            }
            g.writeEndObject();
        }
        return text.toString();
    }

    private long writeEvents(Path file, List<Meter> meters, List<Excursion> excursions, Loss[] storm, long[] bad)
            throws IOException {
        List<TimedLine> lines = new ArrayList<>();
        long[] eventCounter = {0};
        Instant end = settings.start().plus(Duration.ofDays(settings.days()));
        for (Meter m : meters) {
            boolean electric = m.row().fuel() == Fuel.ELECTRICITY;
            for (int day = 0; day < settings.days(); day++) {
                Instant dayStart = settings.start().plus(Duration.ofDays(day));
                maybe(lines, eventCounter, m, dayStart, 0.012, electric
                        ? new String[] {"0x8010", "0x8011", "0x81B7", "0x81B8", "0x81BB"}
                        : new String[] {"0x81B4", "0x81B6", "0x81BF"});
                maybe(lines, eventCounter, m, dayStart, 0.02, "0x8F3F", "0x8F73", "0x8F74", "0x8F75", "0x8F76");
                maybe(lines, eventCounter, m, dayStart, 0.008, "0x81BD", "0x81C0");
                if (electric) {
                    Instant trip = maybe(lines, eventCounter, m, dayStart, 0.008, "0x8F33");
                    if (trip != null) {
                        lines.add(event(eventCounter, m, "0x8F34", trip.plus(Duration.ofMinutes(30 + random.nextInt(90))),
                                null));
                    }
                    maybe(lines, eventCounter, m, dayStart, 0.008, "0x8F01");
                    Instant lost = maybe(lines, eventCounter, m, dayStart, 0.015, "0x8F57");
                    if (lost != null) {
                        lines.add(event(eventCounter, m, "0x8F35", lost.plusSeconds(20 + random.nextInt(100)), null));
                    }
                    Instant swell = maybe(lines, eventCounter, m, dayStart, 0.008, "0x8024", "0x802C");
                    if (swell != null) {
                        lines.add(event(eventCounter, m, random.nextBoolean() ? "0x8091" : "0x8099",
                                swell.plusSeconds(60 + random.nextInt(600)), null));
                    }
                }
            }
        }
        Map<Integer, List<Meter>> metersByFeeder = new TreeMap<>();
        for (Meter m : meters) {
            if (m.feederIndex() >= 0) {
                metersByFeeder.computeIfAbsent(m.feederIndex(), f -> new ArrayList<>()).add(m);
            }
        }
        for (Excursion e : excursions) {
            Instant from = settings.start().plus(Duration.ofMinutes((long) e.firstInterval() * INTERVAL_MINUTES + 7));
            Instant to = settings.start().plus(Duration.ofMinutes(
                    (long) (e.firstInterval() + e.intervals()) * INTERVAL_MINUTES + 4));
            boolean high = e.shiftVolts() > 0;
            for (Meter m : metersByFeeder.getOrDefault(e.feeder(), List.of())) {
                if (random.nextDouble() < 0.3) {
                    double volts = m.baseVolts() + e.shiftVolts();
                    lines.add(event(eventCounter, m, high ? "0x8002" : "0x8006", from.plusSeconds(random.nextInt(120)),
                            round(volts, 1)));
                    lines.add(event(eventCounter, m, high ? "0x8085" : "0x8089", to.plusSeconds(random.nextInt(120)),
                            round(m.baseVolts(), 1)));
                }
            }
        }
        Random stormAlerts = new Random(settings.seed() * 31 + 11);
        for (int i = 0; i < meters.size(); i++) {
            Loss loss = storm[i];
            if (loss != null) {
                Meter m = meters.get(i);
                lines.add(event(eventCounter, m, "0x8F57", loss.lost(), null));
                if (loss.hubAlert()) {
                    lines.add(event(eventCounter, m, "AD1", loss.lost().plusSeconds(180 + stormAlerts.nextInt(30)),
                            null));
                }
                lines.add(event(eventCounter, m, "0x8F36", loss.restored(), null));
            }
        }
        lines.removeIf(l -> !l.time().isBefore(end));
        lines.sort(Comparator.comparing(TimedLine::time).thenComparing(TimedLine::meterId)
                .thenComparing(TimedLine::line));
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> redeliveries = new ArrayList<>();
            for (TimedLine l : lines) {
                String line = l.line();
                if (random.nextDouble() < settings.badLineRate() * 4) {
                    line = spoilEvent(line);
                    bad[0]++;
                } else if (random.nextDouble() < 0.03) {
                    redeliveries.add(line);
                }
                out.write(line);
                out.write('\n');
                written++;
                if (!redeliveries.isEmpty() && random.nextDouble() < 0.2) {
                    out.write(redeliveries.remove(0));
                    out.write('\n');
                    written++;
                }
            }
            for (String again : redeliveries) {
                out.write(again);
                out.write('\n');
                written++;
            }
        }
        return written;
    }

    /** With the given daily probability, an alert at a random time of the day; returns its time or null. */
    private Instant maybe(List<TimedLine> lines, long[] counter, Meter m, Instant dayStart, double probability,
                          String... codes) throws IOException {
        if (random.nextDouble() >= probability) {
            return null;
        }
        Instant time = dayStart.plusSeconds(random.nextInt(86_400));
        lines.add(event(counter, m, codes[random.nextInt(codes.length)], time, null));
        return time;
    }

    private TimedLine event(long[] counter, Meter m, String code, Instant time, Double value) throws IOException {
        StringWriter text = new StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("eventId", String.format(Locale.ROOT, "ev-%d-%08d", settings.seed(), ++counter[0]));
            g.writeStringField("meterId", m.row().meterId());
            g.writeStringField("fuel", m.row().fuel().name());
            g.writeStringField("code", code);
            g.writeStringField("time", time.toString());
            if (value != null) {
                g.writeNumberField("value", value);
            }
            g.writeEndObject();
        }
        return new TimedLine(time, m.row().meterId(), text.toString());
    }

    private String spoilRead(String line, Meter m) {
        return switch (random.nextInt(6)) {
            case 0 -> line.substring(0, line.length() / 2);
            // A register that wrapped round, as real SMETS2 exports have: about 65.5 kWh in one half hour.
            case 5 -> line.replaceFirst("\"importKwh\":[0-9.]+", "\"importKwh\":65.536");
            case 1 -> line.replace("\"minutes\":30", "\"minutes\":-30");
            case 2 -> line.replace(m.row().meterId(), "9999" + m.row().meterId());
            case 3 -> line.replaceFirst("\"start\":\"[^\"]+\"", "\"start\":\"yesterday\"");
            default -> m.row().fuel() == Fuel.GAS ? line.replace("}", ",\"voltageAvg\":240.0}")
                    : line.replaceFirst("\"voltageMin\":[0-9.]+", "\"voltageMin\":999.5");
        };
    }

    private String spoilEvent(String line) {
        return switch (random.nextInt(4)) {
            case 0 -> line.substring(0, line.length() - 3);
            case 1 -> line.replaceFirst("\"code\":\"[^\"]+\"", "\"code\":\"0x9999\"");
            case 2 -> line.replaceFirst("\"time\":\"[^\"]+\"", "\"time\":\"20/11/2026 10:15\"");
            default -> line.replaceFirst(",\"meterId\":\"[^\"]+\"", "");
        };
    }

    /** A valid MPAN core: distributor id, ten digits, and the MPAN check digit. */
    static String mpan(String distributor, int index) {
        String body = distributor + String.format(Locale.ROOT, "%010d", 10_000_000L + index * 7919L % 9_000_000_000L);
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (body.charAt(i) - '0') * MPAN_WEIGHTS[i];
        }
        return body + (sum % 11 % 10);
    }

    /** A plausible ten-digit MPRN. */
    static String mprn(int index) {
        return String.format(Locale.ROOT, "%010d", 7_000_000_000L + index * 104_729L % 2_000_000_000L);
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
