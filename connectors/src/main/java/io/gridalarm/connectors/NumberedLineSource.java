package io.gridalarm.connectors;

import io.gridalarm.model.NumberedLine;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/** Builds a bounded {@link FileSource} of {@link NumberedLine}s over files that must exist and be readable. */
public final class NumberedLineSource {

    /** Files are read in ranges of this many bytes, so one large file is parsed by every subtask. */
    public static final long CHUNK_BYTES = 16L << 20;

    private final List<java.nio.file.Path> files = new ArrayList<>();

    private NumberedLineSource() {
    }

    public static NumberedLineSource builder() {
        return new NumberedLineSource();
    }

    /** Adds a file; fails now, not mid-job, when it cannot be read. */
    public NumberedLineSource file(java.nio.file.Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("The input file " + file + " does not exist or cannot be read.");
        }
        files.add(file.toAbsolutePath().normalize());
        return this;
    }

    public NumberedLineSource files(List<java.nio.file.Path> more) {
        more.forEach(this::file);
        return this;
    }

    public FileSource<NumberedLine> build() {
        if (files.isEmpty()) {
            throw new IllegalStateException("A line source needs at least one input file.");
        }
        Path[] paths = files.stream().map(p -> new Path(p.toUri())).toArray(Path[]::new);
        return FileSource.forBulkFileFormat(new NumberedLineFormat(), paths)
                .setFileEnumerator(() -> new ChunkingFileEnumerator(CHUNK_BYTES))
                .build();
    }
}
