package io.gridalarm.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ed25519 signatures on published rule-set versions. The analysts' private key signs a package's content (name,
 * version, effective time and every file); a running job holds the public keys it trusts and accepts a package only
 * when one of them verifies its signature. Keys are files of Base64 text: {@code NAME.key} (PKCS#8, readable by its
 * owner alone) and {@code NAME.pub} (X.509), named by a key id, the start of the public key's SHA-256.
 */
public final class RuleSetSigning {

    private static final String ALGORITHM = "Ed25519";
    /** The ending of a public key file. */
    public static final String PUBLIC_SUFFIX = ".pub";
    /** The ending of a private key file. */
    public static final String PRIVATE_SUFFIX = ".key";

    private RuleSetSigning() {
    }

    /** Writes a new key pair as {@code DIR/NAME.key} and {@code DIR/NAME.pub}; returns the key id. */
    public static String generate(Path dir, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("A key name is letters, digits, dots, dashes and underscores; got '"
                    + name + "'.");
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot make " + ALGORITHM + " keys.", e);
        }
        Files.createDirectories(dir);
        Path secret = dir.resolve(name + PRIVATE_SUFFIX);
        Path pub = dir.resolve(name + PUBLIC_SUFFIX);
        if (Files.exists(secret) || Files.exists(pub)) {
            throw new IOException(secret + " or " + pub + " exists already; a key is never overwritten.");
        }
        Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secret, base64(pair.getPrivate().getEncoded()) + "\n");
        Files.writeString(pub, base64(pair.getPublic().getEncoded()) + "\n");
        return keyId(pair.getPublic());
    }

    /** Signs the package with the private key in the file: a copy carrying its signature and key id. */
    public static RuleSetPackage sign(RuleSetPackage pack, Path privateKeyFile) throws IOException {
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(decode(privateKeyFile)));
        } catch (GeneralSecurityException e) {
            throw new IOException(privateKeyFile + ": not an " + ALGORITHM + " private key (" + e.getMessage() + ")");
        }
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(pack.signedContent());
            PublicKey publicKey = publicOf(privateKeyFile);
            return pack.signed(keyId(publicKey), base64(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IOException(privateKeyFile + ": cannot sign with it (" + e.getMessage() + ")");
        }
    }

    /** The public key beside a private key file ({@code NAME.pub} next to {@code NAME.key}). */
    private static PublicKey publicOf(Path privateKeyFile) throws IOException {
        String name = privateKeyFile.getFileName().toString();
        Path pub = privateKeyFile.resolveSibling(name.substring(0, name.length() - PRIVATE_SUFFIX.length())
                + PUBLIC_SUFFIX);
        if (!name.endsWith(PRIVATE_SUFFIX) || !Files.isReadable(pub)) {
            throw new IOException(privateKeyFile + ": a private key is NAME" + PRIVATE_SUFFIX + " with its NAME"
                    + PUBLIC_SUFFIX + " beside it");
        }
        return readPublic(pub);
    }

    /**
     * The public keys in the files given (a {@code .pub} file, or a folder of them), by key id: the keys a job
     * trusts. Each value is the key's Base64 X.509 encoding, so the set can travel with the job.
     */
    public static Map<String, String> trustedKeys(List<Path> filesOrFolders) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Path given : filesOrFolders) {
            List<Path> files;
            if (Files.isDirectory(given)) {
                try (Stream<Path> list = Files.list(given)) {
                    files = list.filter(p -> p.getFileName().toString().endsWith(PUBLIC_SUFFIX)).sorted().toList();
                }
                if (files.isEmpty()) {
                    throw new IOException(given + ": no public keys (" + PUBLIC_SUFFIX + " files) in the folder");
                }
            } else {
                files = List.of(given);
            }
            for (Path file : files) {
                PublicKey key = readPublic(file);
                keys.put(keyId(key), base64(key.getEncoded()));
            }
        }
        return keys;
    }

    /**
     * Why the package may not run here, or null when a trusted key verifies its signature over its content.
     *
     * @param trusted public keys by key id, as {@link #trustedKeys} gives them
     */
    public static String refusal(RuleSetPackage pack, Map<String, String> trusted) {
        if (pack.signature() == null || pack.keyId() == null) {
            return "the version is not signed; this job runs only versions signed by a key it trusts";
        }
        String encoded = trusted.get(pack.keyId());
        if (encoded == null) {
            return "the version is signed by key " + pack.keyId() + ", which this job does not trust";
        }
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(pack.signedContent());
            if (verifier.verify(Base64.getDecoder().decode(pack.signature()))) {
                return null;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "the signature by key " + pack.keyId() + " cannot be checked: " + e.getMessage();
        }
        return "the signature by key " + pack.keyId() + " does not match the version's content (changed after "
                + "signing?)";
    }

    private static PublicKey readPublic(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decode(file)));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not an " + ALGORITHM + " public key (" + e.getMessage() + ")");
        }
    }

    private static byte[] decode(Path file) throws IOException {
        try {
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a Base64 key file (" + e.getMessage() + ")");
        }
    }

    /** The key's id: the first 16 hex digits of the SHA-256 of its encoding. */
    static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM has no SHA-256.", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
