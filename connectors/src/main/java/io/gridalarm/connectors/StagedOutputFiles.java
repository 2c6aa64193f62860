package io.gridalarm.connectors;

import io.gridalarm.model.PartyType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Output files written in two steps: a {@link FileSink} stages {@link OutputLine}s in part files per bucket (any
 * parallelism, exactly-once), then {@link #publish} merges each bucket into {@code <out>/<bucket>.jsonl}, sorted,
 * so the same input gives byte-identical files at any parallelism.
 */
public final class StagedOutputFiles {

    /** The ending of every published file. */
    private static final String SUFFIX = ".jsonl";

    private static final char SEPARATOR = '\t';

    private StagedOutputFiles() {
    }

    /** The sink that stages lines under {@code stagingDir}. */
    public static FileSink<OutputLine> sink(Path stagingDir) {
        if (stagingDir == null) {
            throw new IllegalArgumentException("The output sink needs a staging folder.");
        }
        return FileSink.forRowFormat(new org.apache.flink.core.fs.Path(stagingDir.toUri()), new LineEncoder())
                .withBucketAssigner(new ByBucket())
                .build();
    }

    /**
     * Merges the staged part files of every bucket into one sorted file per bucket under {@code outDir}, removes
     * the staging folder, and returns the count of lines by bucket and tag.
     */
    public static Map<String, Map<String, Long>> publish(Path stagingDir, Path outDir) throws IOException {
        Map<String, List<Path>> partsByBucket = new TreeMap<>();
        if (Files.isDirectory(stagingDir)) {
            try (Stream<Path> files = Files.walk(stagingDir)) {
                files.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().startsWith("."))
                        .forEach(p -> partsByBucket.computeIfAbsent(
                                stagingDir.relativize(p.getParent()).toString().replace('\\', '/'),
                                b -> new ArrayList<>()).add(p));
            }
        }
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (Map.Entry<String, List<Path>> bucket : partsByBucket.entrySet()) {
            List<String> lines = new ArrayList<>();
            for (Path part : bucket.getValue()) {
                lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
            }
            lines.sort(Comparator.naturalOrder());
            Map<String, Long> tags = counts.computeIfAbsent(bucket.getKey(), b -> new TreeMap<>());
            Path target = outDir.resolve(bucket.getKey() + SUFFIX);
            Files.createDirectories(target.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                for (String line : lines) {
                    int first = line.indexOf(SEPARATOR);
                    int second = line.indexOf(SEPARATOR, first + 1);
                    tags.merge(line.substring(first + 1, second), 1L, Long::sum);
                    out.write(line, second + 1, line.length() - second - 1);
                    out.write('\n');
                }
            }
        }
        deleteRecursively(stagingDir);
        return counts;
    }

    /**
     * Each party's alarm lines in a published output folder, by bucket ({@code supplier/ALFA}): party types in
     * their order, each type's files by name, lines in file order.
     */
    public static Map<String, List<String>> partyLines(Path outDir) throws IOException {
        Map<String, List<String>> byBucket = new LinkedHashMap<>();
        for (PartyType type : PartyType.values()) {
            Path folder = outDir.resolve(type.slug());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    String party = file.getFileName().toString().replace(SUFFIX, "");
                    byBucket.put(type.slug() + "/" + party, Files.readAllLines(file, StandardCharsets.UTF_8));
                }
            }
        }
        return byBucket;
    }

    /** Each party's supply-state lines in a published output folder, by party bucket ({@code supplier/ALFA}). */
    public static Map<String, List<String>> supplyStateLines(Path outDir) throws IOException {
        return partyLines(outDir.resolve(OutputLine.SUPPLY_STATE));
    }

    /** Deletes a folder and everything in it, if it exists. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Writes {@code sortKey TAB tag TAB text}; publishing strips the first two fields. */
    private static final class LineEncoder implements Encoder<OutputLine> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(OutputLine line, OutputStream stream) throws IOException {
            stream.write((line.sortKey() + SEPARATOR + line.tag() + SEPARATOR + line.text() + '\n')
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class ByBucket implements BucketAssigner<OutputLine, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getBucketId(OutputLine line, Context context) {
            return line.bucket();
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
