package io.gridalarm.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Deterministic alarm ids: the same rule, scope and start always give the same id, so a replay, a retry or a
 * later rule-set version that raises the same alarm names it the same way.
 */
public final class AlarmIds {

    private AlarmIds() {
    }

    /** A 32-hex-digit id from a SHA-256 of rule name, scope and start. */
    public static String of(String rule, Scope scope, Instant start) {
        String identity = rule + '\u001f' + scope.level() + '\u001f' + scope.id() + '\u001f' + start;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256.", e);
        }
    }
}
