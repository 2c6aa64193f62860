package io.gridalarm.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A rule-set version as one message, for publishing to a running job: its name and version, the event time from
 * which it applies, and its rule files (DRL, decision tables, thresholds, command limits) by name, Base64-encoded.
 * Scenarios and checksums stay behind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSetPackage(String name, String version, Instant effectiveFrom, Map<String, String> files,
                             String keyId, String signature) {

    public RuleSetPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        files = new TreeMap<>(files);
    }

    /** An unsigned package. */
    public RuleSetPackage(String name, String version, Instant effectiveFrom, Map<String, String> files) {
        this(name, version, effectiveFrom, files, null, null);
    }

    /** This package with a signature by the key of that id (see {@link RuleSetSigning}). */
    RuleSetPackage signed(String signingKeyId, String signatureBase64) {
        return new RuleSetPackage(name, version, effectiveFrom, files, signingKeyId, signatureBase64);
    }

    /**
     * The bytes a signature covers: name, version, effective time and every file with its name, one per line, in
     * file-name order. Anything changed after signing changes them.
     */
    byte[] signedContent() {
        StringBuilder content = new StringBuilder("gridalarm rule-set package v1\n").append(name).append('\n')
                .append(version).append('\n').append(effectiveFrom).append('\n');
        files.forEach((file, base64) -> content.append(file).append('\n').append(base64).append('\n'));
        return content.toString().getBytes(StandardCharsets.UTF_8);
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
                        || fileName.equals(CommandLimits.FILE) || DecisionTables.isDecisionTable(file)) {
                    files.put(fileName, Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                }
            }
        }
        return new RuleSetPackage(dir.getParent().getFileName().toString(), dir.getFileName().toString(),
                effectiveFrom, files);
    }

    /**
     * Writes the files as {@code <root>/<content hash>/<name>/<version>/} (so the folder reads as a version) and
     * returns that folder; the same content always lands in the same place. The folder appears whole or not at
     * all: the files are written beside it and moved into place in one step, so subtasks of one TaskManager that
     * unpack the same version at once never read each other's half-written files.
     */
    public Path materialize(Path root) throws IOException {
        if (!name.matches("[a-z0-9][a-z0-9-]*") || !version.matches("[0-9A-Za-z.-]+")) {
            throw new IOException("The rule-set name '" + name + "' or version '" + version + "' is not a safe "
                    + "folder name.");
        }
        for (String file : files.keySet()) {
            if (!file.matches("[A-Za-z0-9._-]+")) {
                throw new IOException("The rule file name '" + file + "' is not a plain file name.");
            }
        }
        Path home = root.resolve(contentHash());
        Path dir = home.resolve(name).resolve(version);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, home.getFileName() + ".unpacking-");
        try {
            Path stagedDir = Files.createDirectories(staging.resolve(name).resolve(version));
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.write(stagedDir.resolve(file.getKey()), Base64.getDecoder().decode(file.getValue()));
            }
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another subtask unpacked the same content first (Linux says "Directory not empty"): its folder
                // is the same as ours. Anything else is a real failure.
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
            }
        } finally {
            if (Files.exists(staging)) {
                try (Stream<Path> walk = Files.walk(staging)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
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
