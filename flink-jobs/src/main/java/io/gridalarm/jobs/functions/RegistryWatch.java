package io.gridalarm.jobs.functions;

import io.gridalarm.model.InputException;
import io.gridalarm.model.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry file as it is now: an operator asks for {@link #current()} as often as it likes and the file is
 * looked at again every couple of seconds, so rows appended while a job runs (a change of supplier from its
 * valid-from time) take effect without a restart. A file that no longer reads keeps the last good registry.
 */
public final class RegistryWatch {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatch.class);
    /** How often the file's size and modification time are looked at. */
    public static final long CHECK_EVERY_NANOS = 2_000_000_000L;

    private final String file;
    private Registry registry;
    private long checkedAt;
    private String lastProblem;

    /** Reads the registry now; a registry that cannot be read at start is an error. */
    public RegistryWatch(String file) throws InputException {
        this.file = file;
        this.registry = RegistryCache.get(file);
        this.checkedAt = System.nanoTime();
    }

    /** The registry, re-read if the file changed since it was last looked at. */
    public Registry current() {
        long now = System.nanoTime();
        if (now - checkedAt >= CHECK_EVERY_NANOS) {
            checkedAt = now;
            try {
                registry = RegistryCache.get(file);
                lastProblem = null;
            } catch (InputException e) {
                if (!e.getMessage().equals(lastProblem)) {
                    lastProblem = e.getMessage();
                    LOG.warn("Keeping the registry read before, because the changed file does not read: {}",
                            e.getMessage());
                }
            }
        }
        return registry;
    }
}
