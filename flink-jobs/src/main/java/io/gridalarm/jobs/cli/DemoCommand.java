package io.gridalarm.jobs.cli;

import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.connectors.influx.InfluxAccess;
import io.gridalarm.connectors.influx.InfluxCredentials;
import io.gridalarm.connectors.kafka.KafkaAccess;
import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.connectors.kafka.RegistryTopics;
import io.gridalarm.jobs.GridAlarmOptions;
import io.gridalarm.jobs.LiveConnections;
import io.gridalarm.jobs.LiveJob;
import io.gridalarm.jobs.LiveSettings;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.jobs.ReplaySummary;
import io.gridalarm.jobs.local.LocalInflux;
import io.gridalarm.jobs.local.LocalKafka;
import io.gridalarm.jobs.local.PartyAlarmReader;
import io.gridalarm.jobs.local.TopicFeeder;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.InputException;
import io.gridalarm.model.Json;
import io.gridalarm.model.RegistryCsv;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gridalarm demo}: the live path on the bundled samples. Starts a Kafka broker (and InfluxDB when it is
 * installed), runs the live job, feeds the samples in and prints each alarm as its party receives it, until
 * Ctrl-C (or {@code --for}). {@code --replay} shows the file replay instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the live job on the bundled samples/ with a local Kafka broker (and InfluxDB if "
                + "installed) and prints alarms as each party receives them; Ctrl-C stops everything.")
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--replay", description = "Replay the sample files into per-party files instead.")
    boolean replay;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Work folder: broker and InfluxDB data, checkpoints; with --replay the output folder "
                    + "(default: target/demo, or demo-out with --replay).")
    Path out;

    @Option(names = "--secure", description = "Live: Kafka with SASL/SCRAM and ACLs, InfluxDB with authentication "
            + "(if installed); parties sync gives every party and service its principal; the job runs as "
            + "gridalarm-job, the samples are fed as gridalarm-ingest and alarms are read as gridalarm-operator.")
    boolean secure;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop by itself after this long (default: run until Ctrl-C).")
    Duration runFor;

    @Override
    public Integer call() throws Exception {
        return replay ? replay() : live();
    }

    private static List<Path> ifPresent(Path file) {
        return Files.isRegularFile(file) ? List.of(file) : List.of();
    }

    private int replay() throws Exception {
        Path samples = GridAlarmOptions.samples();
        Path target = out != null ? out : GridAlarmOptions.home().resolve("demo-out");
        Path network = samples.resolve("network.csv");
        ReplaySettings settings = ReplayCommand.settings(spec, samples.resolve("registry.csv"),
                Files.isRegularFile(network) ? network : null,
                new ReplayCommand.Inputs(List.of(samples.resolve("events.jsonl")),
                        List.of(samples.resolve("reads.jsonl")), ifPresent(samples.resolve("requests.jsonl")),
                        ifPresent(samples.resolve("responses.jsonl"))), null, target,
                GridAlarmOptions.DEFAULT_PARALLELISM);
        ReplaySummary summary = ReplayCommand.replay(settings, true);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(summary.describe());
        stdout.println();
        stdout.println("Alarms per party (one JSON alarm per line):");
        try (Stream<Path> files = Files.walk(target)) {
            files.filter(p -> p.toString().endsWith(".jsonl")).sorted()
                    .forEach(p -> stdout.println("  " + p));
        }
        stdout.println("Try:  head -3 " + target.resolve("supplier") + "/*.jsonl");
        return 0;
    }

    private int live() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Path samples = GridAlarmOptions.samples();
        Path work = out != null ? out : GridAlarmOptions.home().resolve("target").resolve("demo");
        // A fresh broker, database and checkpoints each time, so the demo always shows the same alarms.
        StagedOutputFiles.deleteRecursively(work);
        CountDownLatch stop = new CountDownLatch(1);
        LocalKafka kafka = LocalKafka.start(0, work.resolve("kafka"),
                secure ? LocalKafka.Security.SCRAM : LocalKafka.Security.NONE);
        LocalInflux influx = LocalInflux.binary() == null ? null : LocalInflux.start(work.resolve("influx"), secure);
        Thread cleanup = new Thread(() -> {
            stop.countDown();
            stopQuietly(kafka, influx);
        }, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Path credentials = work.resolve("credentials");
        if (secure) {
            syncAccess(kafka, influx, samples.resolve("registry.csv"), credentials);
        }
        // The registry goes to its topic as registry load sends it, by the only principal that may write it.
        RegistryTopics.load(client(kafka, credentials, KafkaAccess.LOADER), samples.resolve("registry.csv"), null,
                KafkaAccess.REGISTRY_TOPIC, null, 2);
        LiveSettings.Builder builder = LiveSettings.builder().bootstrapServers(kafka.bootstrapServers())
                .kafkaSettings(client(kafka, credentials, KafkaAccess.JOB).settings())
                .checkpoints(work.resolve("checkpoints").toString()).checkpointInterval(Duration.ofSeconds(1));
        if (influx != null) {
            builder.influx(influx.url(), "gridalarm");
            if (secure) {
                builder.influxCredentials(InfluxAccess.credentialsFile(credentials, InfluxAccess.WRITER));
            }
        }
        LiveSettings settings = builder.build();
        OutputTopics topics = settings.outputTopics();
        LiveJob.prepareTopics(settings, 2);
        stdout.printf("Kafka broker on %s%s.%n", kafka.bootstrapServers(), influx == null
                ? " (InfluxDB is not installed: apt-get install influxdb to see points too)"
                : ", InfluxDB on " + influx.url() + " (database gridalarm)");
        if (secure) {
            stdout.printf("Authentication and ACLs on: every party's and service's credentials are in %s.%n",
                    credentials);
        }
        StreamExecutionEnvironment env = LiveJob.environment(settings);
        LiveJob.buildPipeline(env, settings, LiveConnections.of(settings));
        JobClient job = env.executeAsync("gridalarm live demo");
        Map<String, Integer> perParty = new TreeMap<>();
        KafkaClientConfig reader = client(kafka, credentials, KafkaAccess.OPERATOR);
        Thread printer = new Thread(() -> printAlarms(reader, topics, stdout, perParty, stop), "demo-alarm-printer");
        printer.start();
        try (TopicFeeder feeder = new TopicFeeder(client(kafka, credentials, KafkaAccess.INGEST))) {
            // Each night's batch a few seconds after the alerts before it (hours, really): the job has let them go.
            List<TopicFeeder.Line> lines = TopicFeeder.asDelivered(samples.resolve("events.jsonl"),
                    settings.eventsTopic(), samples.resolve("reads.jsonl"), settings.readsTopic());
            // Service requests and responses arrive within seconds, as alerts do.
            for (Path file : ifPresent(samples.resolve("requests.jsonl"))) {
                lines = TopicFeeder.withLive(lines, file, settings.inputTopics().requests());
            }
            for (Path file : ifPresent(samples.resolve("responses.jsonl"))) {
                lines = TopicFeeder.withLive(lines, file, settings.inputTopics().responses());
            }
            long sent = feeder.sendBatchesApart(lines, settings.readsTopic(),
                    settings.clocks().quietPeriod().multipliedBy(5));
            stdout.printf("Fed %,d sample lines into %s as GB data arrives (alerts, service requests and responses "
                    + "live, each day's reads in the next night's batch). Alarms as each party receives them "
                    + "(read_committed from each party's topic, %s<party-type>.<party-id>)%s:%n", sent,
                    String.join(", ", settings.inputTopics().all()), topics.partyAlarms(),
                    runFor == null ? "; Ctrl-C stops" : "");
            stdout.flush();
        }
        if (runFor == null) {
            stop.await();
        } else {
            stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
            stop.countDown();
        }
        printer.join(5_000);
        job.cancel().get(30, TimeUnit.SECONDS);
        synchronized (perParty) {
            stdout.printf("Alarms received per party: %s%n", perParty);
        }
        stdout.flush();
        return 0;
    }

    /** As the named service on a secure broker (its file from {@code parties sync}), else as the broker's client. */
    private KafkaClientConfig client(LocalKafka kafka, Path credentials, String service) throws InputException {
        return secure ? KafkaClientConfig.read(kafka.bootstrapServers(), KafkaAccess.credentialsFile(credentials,
                service)) : kafka.client();
    }

    /** What {@code parties sync} does, for the demo's broker and InfluxDB, with the default topics. */
    private static void syncAccess(LocalKafka kafka, LocalInflux influx, Path registry, Path credentials)
            throws Exception {
        PartiesCommand.syncAccess(RegistryCsv.read(registry).parties(), TopicOptions.defaultLayout(), credentials,
                kafka.client(), influx == null ? null : influx.url(),
                influx == null ? null : InfluxCredentials.read(influx.adminCredentials()), "gridalarm");
    }

    private static void printAlarms(KafkaClientConfig client, OutputTopics topics, PrintWriter stdout,
                                    Map<String, Integer> perParty, CountDownLatch stop) {
        try (PartyAlarmReader reader = new PartyAlarmReader(client, topics, KafkaAccess.OPERATOR + ".demo")) {
            while (stop.getCount() > 0) {
                for (PartyAlarmReader.Received received : reader.poll(Duration.ofMillis(200))) {
                    String party = received.party();
                    Alarm alarm = Json.mapper().readValue(received.json(), Alarm.class);
                    synchronized (perParty) {
                        perParty.merge(party, 1, Integer::sum);
                    }
                    stdout.printf(Locale.ROOT, "  %-22s %-9s %-18s %-9s %s %s (%d meter%s) at %s%n", party,
                            alarm.status(), alarm.kind(), alarm.severity(), alarm.scope().level(),
                            alarm.scope().id(), alarm.meterCount(), alarm.meterCount() == 1 ? "" : "s",
                            alarm.time());
                    stdout.flush();
                }
            }
        } catch (Exception e) {
            if (stop.getCount() > 0) {
                stdout.println("The demo stopped reading alarms: " + e.getMessage());
            }
        }
    }

    private static void stopQuietly(LocalKafka kafka, LocalInflux influx) {
        try {
            kafka.close();
            if (influx != null) {
                influx.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
