package io.gridalarm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed rule-set versions: only a trusted key's signature over the very content makes a package acceptable. */
class RuleSetSigningTest {

    @TempDir
    Path dir;

    private RuleSetPackage pack() throws IOException {
        return RuleSetPackage.of(Fixtures.DEFAULT_RULES, Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void aPackageSignedByATrustedKeyIsAcceptedAfterTravellingAsJson() throws Exception {
        String id = RuleSetSigning.generate(dir, "analysts");
        RuleSetPackage signed = RuleSetSigning.sign(pack(), dir.resolve("analysts.key"));
        assertEquals(id, signed.keyId());
        RuleSetPackage received = Json.mapper().readValue(Json.line(signed), RuleSetPackage.class);
        assertNull(RuleSetSigning.refusal(received, RuleSetSigning.trustedKeys(List.of(dir))));
    }

    @Test
    void everyChangeAfterSigningAndEveryOtherKeyIsRefused() throws Exception {
        RuleSetSigning.generate(dir.resolve("ours"), "analysts");
        RuleSetSigning.generate(dir.resolve("theirs"), "analysts");
        Map<String, String> trusted = RuleSetSigning.trustedKeys(List.of(dir.resolve("ours").resolve("analysts.pub")));
        RuleSetPackage signed = RuleSetSigning.sign(pack(), dir.resolve("ours").resolve("analysts.key"));

        assertTrue(RuleSetSigning.refusal(pack(), trusted).contains("not signed"));
        RuleSetPackage theirs = RuleSetSigning.sign(pack(), dir.resolve("theirs").resolve("analysts.key"));
        assertTrue(RuleSetSigning.refusal(theirs, trusted).contains("does not trust"));
        // Their key id on our signature, or ours on theirs: the id only picks the key, the signature must verify.
        RuleSetPackage relabelled = new RuleSetPackage(theirs.name(), theirs.version(), theirs.effectiveFrom(),
                theirs.files(), signed.keyId(), theirs.signature());
        assertTrue(RuleSetSigning.refusal(relabelled, trusted).contains("does not match"));

        Map<String, String> files = new TreeMap<>(signed.files());
        files.remove("comms.drl");
        for (RuleSetPackage changed : List.of(
                new RuleSetPackage(signed.name(), signed.version(), signed.effectiveFrom(), files, signed.keyId(),
                        signed.signature()),
                new RuleSetPackage(signed.name(), "9.9.9", signed.effectiveFrom(), signed.files(), signed.keyId(),
                        signed.signature()),
                new RuleSetPackage("other", signed.version(), signed.effectiveFrom(), signed.files(), signed.keyId(),
                        signed.signature()),
                new RuleSetPackage(signed.name(), signed.version(), Instant.EPOCH, signed.files(), signed.keyId(),
                        signed.signature()),
                new RuleSetPackage(signed.name(), signed.version(), signed.effectiveFrom(), signed.files(),
                        signed.keyId(), "not base64 at all!"))) {
            String why = RuleSetSigning.refusal(changed, trusted);
            assertTrue(why != null && why.contains(signed.keyId()), String.valueOf(why));
        }
    }

    @Test
    void keysAreNeverOverwrittenAndTheSecretIsTheOwnersAlone() throws Exception {
        RuleSetSigning.generate(dir, "analysts");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("analysts.key"))));
        assertThrows(IOException.class, () -> RuleSetSigning.generate(dir, "analysts"));
        assertThrows(IllegalArgumentException.class, () -> RuleSetSigning.generate(dir, "../escape"));
        assertThrows(IOException.class, () -> RuleSetSigning.trustedKeys(List.of(dir.resolve("analysts.key"))),
                "a private key is no public key");
    }
}
