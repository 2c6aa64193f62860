package io.gridalarm.jobs.cli;

import io.gridalarm.jobs.local.TopicExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gridalarm export}: the input topics to files with when each record arrived, for replay --as-received. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes what the input topics hold to events.jsonl, reads.jsonl, requests.jsonl and "
                + "responses.jsonl, each line with the receivedAt its record reached the broker at, so that replay "
                + "--as-received reproduces what the live job did and an operator can see why an alarm was raised.")
public final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    KafkaClientOptions kafka;

    @CommandLine.Mixin
    InputTopicOptions topics = new InputTopicOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        long events = TopicExport.export(kafka.client(), topics.eventsTopic, out.resolve("events.jsonl"));
        long reads = TopicExport.export(kafka.client(), topics.readsTopic, out.resolve("reads.jsonl"));
        long requests = TopicExport.export(kafka.client(), topics.requestsTopic, out.resolve("requests.jsonl"));
        long responses = TopicExport.export(kafka.client(), topics.responsesTopic, out.resolve("responses.jsonl"));
        spec.commandLine().getOut().printf("Exported %,d events from %s, %,d reads from %s, %,d service requests "
                + "from %s and %,d responses from %s to %s.%n", events, topics.eventsTopic, reads, topics.readsTopic,
                requests, topics.requestsTopic, responses, topics.responsesTopic, out);
        return 0;
    }
}
