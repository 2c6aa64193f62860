package io.gridalarm.jobs.analyst;

import io.gridalarm.rules.ReleaseChecksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Rule-set version folders: a new version starts as a copy of an existing one, never as an edit of it. */
public final class RuleSetVersions {

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");

    private RuleSetVersions() {
    }

    /** Copies {@code source} to a sibling folder named {@code version}, leaving out release checksums. */
    public static Path newVersion(Path source, String version) throws IOException {
        if (source == null || !Files.isDirectory(source)) {
            throw new IllegalArgumentException("The source version " + source + " is not a folder.");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("The new version '" + version + "' is not a version such as 1.1.0.");
        }
        Path dir = source.toAbsolutePath().normalize();
        Path target = dir.resolveSibling(version);
        if (Files.exists(target)) {
            throw new IllegalArgumentException("The version " + target + " exists already; versions are never "
                    + "overwritten.");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.sorted().toList();
        }
        for (Path from : files) {
            Path to = target.resolve(dir.relativize(from).toString());
            if (Files.isDirectory(from)) {
                Files.createDirectories(to);
            } else if (!from.getFileName().toString().equals(ReleaseChecksums.FILE)) {
                Files.copy(from, to);
            }
        }
        return target;
    }
}
