package io.gridalarm.connectors.influx;

import io.gridalarm.connectors.SecretFiles;
import io.gridalarm.model.InputException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * An InfluxDB user's name and password, as kept in a credentials file ({@code username=}, {@code password=}, as
 * {@code parties sync} writes them).
 */
public record InfluxCredentials(String username, String password) implements Serializable {

    public InfluxCredentials {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("InfluxDB credentials need a user name and a password.");
        }
    }

    /** The credentials in a file, refused with the file and reason when it is not usable. */
    public static InfluxCredentials read(Path file) throws InputException {
        Map<String, String> settings = SecretFiles.read(file, "InfluxDB credentials file");
        String username = settings.get("username");
        String password = settings.get("password");
        if (username == null || password == null) {
            throw new InputException(file + ": an InfluxDB credentials file needs username= and password=");
        }
        return new InfluxCredentials(username, password);
    }

    @Override
    public String toString() {
        return "InfluxCredentials[" + username + "]";
    }
}
