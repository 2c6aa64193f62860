package io.gridalarm.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A released rule-set version records the SHA-256 of each of its files in {@code checksums.sha256} (the format of
 * {@code sha256sum}); a version whose files no longer match is refused, because released versions are never edited
 * in place: make a new version instead.
 */
public final class ReleaseChecksums {

    /** The file of a released version's checksums. */
    public static final String FILE = "checksums.sha256";

    private ReleaseChecksums() {
    }

    /** Records the checksums of every file of the version (its scenarios included): the version is released. */
    public static Path record(Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> entry : hashes(dir).entrySet()) {
            out.append(entry.getValue()).append("  ").append(entry.getKey()).append('\n');
        }
        return Files.writeString(dir.resolve(FILE), out.toString(), StandardCharsets.UTF_8);
    }

    /** True when the version has recorded checksums. */
    public static boolean released(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** Adds a problem for each file added, removed or changed since the checksums were recorded. */
    public static void verify(Path dir, List<String> problems) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            Map<String, String> recorded = new TreeMap<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\\s+\\*?", 2);
                if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                    problems.add(file + ":" + (i + 1) + ": not a line '<sha-256>  <file>'");
                    continue;
                }
                recorded.put(parts[1], parts[0]);
            }
            Map<String, String> now = hashes(dir);
            String advice = " since the version was released (" + FILE + "); released versions are never edited: "
                    + "make a new one with 'gridalarm rules new-version'";
            for (Map.Entry<String, String> entry : recorded.entrySet()) {
                String current = now.get(entry.getKey());
                if (current == null) {
                    problems.add(dir.resolve(entry.getKey()) + ": removed" + advice);
                } else if (!current.equals(entry.getValue())) {
                    problems.add(dir.resolve(entry.getKey()) + ": changed" + advice);
                }
            }
            for (String added : now.keySet()) {
                if (!recorded.containsKey(added)) {
                    problems.add(dir.resolve(added) + ": added" + advice);
                }
            }
        } catch (IOException e) {
            problems.add(file + ": unreadable: " + e.getMessage());
        }
    }

    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(FILE)).forEach(files::add);
        }
        for (Path p : files) {
            hashes.put(dir.relativize(p).toString().replace('\\', '/'), sha256(Files.readAllBytes(p)));
        }
        return hashes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256.", e);
        }
    }
}
