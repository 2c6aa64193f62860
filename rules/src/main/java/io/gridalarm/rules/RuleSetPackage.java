package io.gridalarm.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A rule-set version as one message, for publishing to a running job: its name and version, the event time from
 * which it applies, and its rule files (DRL, decision tables, thresholds) by name, Base64-encoded. Scenarios and
 * checksums stay behind.
 */
public record RuleSetPackage(String name, String version, Instant effectiveFrom, Map<String, String> files) {

    public RuleSetPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        files = new TreeMap<>(files);
    }

    /** {@code name@version}, as stamped on alarms. */
    public String id() {
        return name + "@" + version;
    }

    /** The rule files of a version folder, to apply from {@code effectiveFrom} (event time). */
    public static RuleSetPackage of(Path versionDir, Instant effectiveFrom) throws IOException {
        Path dir = versionDir.toAbsolutePath().normalize();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(Files::isRegularFile).sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".drl") || fileName.equals(RuleSet.THRESHOLDS_FILE)
                        || DecisionTables.isDecisionTable(file)) {
                    files.put(fileName, Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                }
            }
        }
        return new RuleSetPackage(dir.getParent().getFileName().toString(), dir.getFileName().toString(),
                effectiveFrom, files);
    }

    /**
     * Writes the files as {@code <root>/<content hash>/<name>/<version>/} (so the folder reads as a version) and
     * returns that folder; the same content always lands in the same place.
     */
    public Path materialize(Path root) throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9-]*") || !version.matches("[0-9A-Za-z.-]+")) {
            throw new IOException("The rule-set name '" + name + "' or version '" + version + "' is not a safe "
                    + "folder name.");
        }
        Path dir = root.resolve(contentHash()).resolve(name).resolve(version);
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!file.getKey().matches("[A-Za-z0-9._-]+")) {
                throw new IOException("The rule file name '" + file.getKey() + "' is not a plain file name.");
            }
            Files.write(dir.resolve(file.getKey()), Base64.getDecoder().decode(file.getValue()));
        }
        return dir;
    }

    private String contentHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(id().getBytes(StandardCharsets.UTF_8));
            files.forEach((k, v) -> {
                digest.update(k.getBytes(StandardCharsets.UTF_8));
                digest.update(v.getBytes(StandardCharsets.UTF_8));
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256.", e);
        }
    }
}
