package io.gridalarm.jobs.functions;

import io.gridalarm.model.InputException;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry files loaded in this JVM, shared by every operator instance that needs one, so that parallel
 * subtasks in one TaskManager hold a single copy. A changed file (size or modification time) is read again.
 */
public final class RegistryCache {

    private static final int KEEP = 4;
    private static final Map<String, Registry> LOADED = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Registry> eldest) {
            return size() > KEEP;
        }
    };

    private RegistryCache() {
    }

    /** The registry in the file, read once per version of the file. */
    public static Registry get(String file) throws InputException {
        Path path = Path.of(file);
        String key;
        try {
            key = path.toAbsolutePath() + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            throw new InputException("Cannot read the registry " + file + ": " + e.getMessage(), e);
        }
        synchronized (LOADED) {
            Registry registry = LOADED.get(key);
            if (registry == null) {
                registry = RegistryCsv.read(path);
                LOADED.put(key, registry);
            }
            return registry;
        }
    }
}
