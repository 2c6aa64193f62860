package io.gridalarm.jobs.local;

import io.gridalarm.connectors.SecretFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The development broker's TLS certificate for 127.0.0.1 and localhost (self-signed, made once per data folder by
 * the JDK's {@code keytool}), its key store, and the trust store its clients use.
 *
 * @param keyStore           the broker's key and certificate (PKCS12)
 * @param keyStorePassword   the key store's password
 * @param trustStore         the certificate alone, for clients (PKCS12)
 * @param trustStorePassword the trust store's password
 */
record BrokerCertificate(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {

    private static final String ALIAS = "gridalarm-broker";

    /** The certificate in {@code folder}, made there first when it is not yet. */
    static BrokerCertificate inFolder(Path folder) throws IOException, InterruptedException {
        Path passwords = folder.resolve("passwords.properties");
        Path keyStore = folder.resolve("broker.p12");
        Path trustStore = folder.resolve("truststore.p12");
        if (!Files.exists(passwords)) {
            Files.createDirectories(folder);
            String keyPassword = SecretFiles.newPassword();
            String trustPassword = SecretFiles.newPassword();
            Path certificate = folder.resolve("broker.crt");
            keytool(List.of("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore",
                    keyStore.toString(), "-storetype", "PKCS12", "-storepass", keyPassword, "-keypass", keyPassword));
            keytool(List.of("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass",
                    keyPassword, "-file", certificate.toString()));
            keytool(List.of("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(),
                    "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", trustPassword));
            SecretFiles.write(passwords, "the development broker's key and trust stores",
                    Map.of("keystore", keyPassword, "truststore", trustPassword));
        }
        Properties stored = new Properties();
        try (Reader in = Files.newBufferedReader(passwords, StandardCharsets.UTF_8)) {
            stored.load(in);
        }
        return new BrokerCertificate(keyStore, stored.getProperty("keystore"), trustStore,
                stored.getProperty("truststore"));
    }

    /** What a client needs to reach the broker over TLS and check its certificate (host name included). */
    Map<String, String> clientTransport() {
        return Map.of("security.protocol", "SASL_SSL", "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", trustStore.toString(), "ssl.truststore.password", trustStorePassword);
    }

    private static void keytool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + arguments.get(0) + " failed: " + output.strip());
        }
    }
}
