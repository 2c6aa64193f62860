package io.gridalarm.connectors;

import io.gridalarm.model.InputException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Generated passwords, and the properties files that hold them (client configurations, credentials). */
public final class SecretFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** A new password: 192 random bits, in letters, digits, '-' and '_' (nothing a JAAS line or InfluxQL escapes). */
    public static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A properties file's settings, refused with the file and what it was meant to be when unreadable. */
    public static Map<String, String> read(Path file, String what) throws InputException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(file + ": not a readable " + what + ": " + e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }

    /**
     * Writes settings as a properties file readable by its owner only (it holds a password), replacing any file
     * there at once so that a reader never sees half of it.
     */
    public static void write(Path file, String whose, Map<String, String> settings) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path staged = Files.createTempFile(file.toAbsolutePath().getParent(), ".staged-", ".properties");
        try {
            try {
                Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions keeps its own defaults
            }
            Properties properties = new Properties();
            properties.putAll(settings);
            try (Writer out = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
                properties.store(out, "Settings for " + whose + "; keep this file secret");
            }
            Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
    }
}
