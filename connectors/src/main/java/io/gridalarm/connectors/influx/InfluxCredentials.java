package io.gridalarm.connectors.influx;

import io.gridalarm.model.InputException;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

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
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(file + ": not a readable InfluxDB credentials file: " + e.getMessage());
        }
        String username = properties.getProperty("username");
        String password = properties.getProperty("password");
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
