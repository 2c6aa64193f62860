package io.gridalarm.connectors;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Cuts each input file into byte ranges so one large file is read by every source subtask (a local file system
 * reports a whole file as one block, so Flink's block-based splitting would give one split per file).
 */
final class ChunkingFileEnumerator implements FileEnumerator {

    private static final String LINES_BEFORE = ":lines-before=";

    private final long chunkBytes;

    ChunkingFileEnumerator(long chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("A chunk must be at least one byte, not " + chunkBytes + ".");
        }
        this.chunkBytes = chunkBytes;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileSourceSplit> splits = new ArrayList<>();
        for (Path path : paths) {
            FileSystem fs = path.getFileSystem();
            FileStatus status = fs.getFileStatus(path);
            long size = status.getLen();
            long[] linesBefore = linesBeforeEachChunk(fs, path, size);
            for (int k = 0; k < linesBefore.length; k++) {
                long offset = k * chunkBytes;
                long length = Math.min(chunkBytes, size - offset);
                splits.add(new FileSourceSplit(splitId(splits.size(), linesBefore[k]), path, offset, length,
                        status.getModificationTime(), size));
            }
        }
        return splits;
    }

    /** A split id that also carries how many lines come before the split's first line. */
    static String splitId(int index, long linesBefore) {
        return index + LINES_BEFORE + linesBefore;
    }

    /** The lines before a split's first line, from its id, or -1 when the id does not say. */
    static long linesBefore(String splitId) {
        int at = splitId.indexOf(LINES_BEFORE);
        return at < 0 ? -1 : Long.parseLong(splitId.substring(at + LINES_BEFORE.length()));
    }

    /**
     * One scan of the file counting line breaks: for the chunk starting at byte b, the lines before the first line
     * that starts at or after b, which is the breaks before byte b-1 plus one (the line that byte b-1 ends or
     * belongs to; a line is owned by the chunk it starts in).
     */
    private long[] linesBeforeEachChunk(FileSystem fs, Path path, long size) throws IOException {
        int chunks = (int) Math.max(1, (size + chunkBytes - 1) / chunkBytes);
        long[] lines = new long[chunks];
        if (chunks == 1) {
            return lines;
        }
        byte[] buffer = new byte[1 << 16];
        long breaks = 0;
        long absolute = 0;
        int next = 1;
        try (InputStream in = fs.open(path)) {
            int read;
            while (next < chunks && (read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (next < chunks && absolute + i + 1 == next * chunkBytes) {
                        lines[next++] = breaks + 1;
                    }
                    if (buffer[i] == '\n') {
                        breaks++;
                    }
                }
                absolute += read;
            }
        }
        return lines;
    }
}
