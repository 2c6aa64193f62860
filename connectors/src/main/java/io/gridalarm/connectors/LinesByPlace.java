package io.gridalarm.connectors;

import io.gridalarm.model.NumberedLine;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads input lines again from their files by their place, for the few records that travelled past parsing without
 * their bytes ({@link NumberedLine#byPlace()}) and then became dead letters. Keeps each file it read open until
 * closed, as a record of one unknown meter is seldom alone.
 */
public final class LinesByPlace implements Closeable {

    private static final int CHUNK_BYTES = 8192;

    private final Map<String, FileChannel> open = new HashMap<>();

    /**
     * The line with its bytes: as it is when it has them, else read again at its offset in its file (up to the next
     * line break, without it or a carriage return before it).
     *
     * @throws UncheckedIOException when the file cannot be read there any more: input files must not change while
     *         a job reads them, so the job stops rather than write a dead letter without its line
     */
    public NumberedLine whole(NumberedLine line) {
        if (line == null || line.hasBytes()) {
            return line;
        }
        try {
            return line.withBytes(read(channel(line.source()), line.offset()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read line " + line.line() + " of " + line.source()
                    + " again at byte " + line.offset() + " (did the file change while the job read it?): "
                    + e.getMessage(), e);
        }
    }

    private FileChannel channel(String source) throws IOException {
        FileChannel channel = open.get(source);
        if (channel == null) {
            channel = FileChannel.open(Path.of(source), StandardOpenOption.READ);
            open.put(source, channel);
        }
        return channel;
    }

    private static byte[] read(FileChannel channel, long offset) throws IOException {
        if (offset >= channel.size()) {
            throw new IOException("the file has only " + channel.size() + " bytes");
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        long position = offset;
        while (true) {
            chunk.clear();
            int read = channel.read(chunk, position);
            if (read <= 0) {
                break;
            }
            byte[] bytes = chunk.array();
            int end = 0;
            while (end < read && bytes[end] != '\n') {
                end++;
            }
            line.write(bytes, 0, end);
            if (end < read) {
                break;
            }
            position += read;
        }
        return NumberedLineFormat.trimCarriageReturn(line.toByteArray());
    }

    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                failed = e;
            }
        }
        open.clear();
        if (failed != null) {
            throw failed;
        }
    }
}
