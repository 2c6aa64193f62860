package io.gridalarm.connectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads text files as {@link NumberedLine}s: each line's bytes with its file and line number, which a plain text
 * line format cannot give. Files are read whole (not split) so line numbers are exact; a restored reader skips
 * the lines it had already emitted.
 */
public final class NumberedLineFormat implements BulkFormat<NumberedLine, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 512;
    private static final int BUFFER_BYTES = 1 << 16;

    @Override
    public Reader<NumberedLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split, 0);
    }

    @Override
    public Reader<NumberedLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new LineReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<NumberedLine> getProducedType() {
        return TypeInformation.of(NumberedLine.class);
    }

    private static final class LineReader implements Reader<NumberedLine> {

        private final String source;
        private final InputStream in;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int position;
        private int limit;
        private long linesEmitted;
        private boolean ended;

        LineReader(FileSourceSplit split, long alreadyEmitted) throws IOException {
            Path path = split.path();
            this.source = path.toUri().getPath();
            FileSystem fs = path.getFileSystem();
            this.in = fs.open(path);
            for (long i = 0; i < alreadyEmitted && nextLine() != null; i++) {
                linesEmitted++;
            }
        }

        @Override
        public RecordIterator<NumberedLine> readBatch() throws IOException {
            NumberedLine[] batch = new NumberedLine[BATCH_SIZE];
            int count = 0;
            long before = linesEmitted;
            byte[] bytes;
            while (count < BATCH_SIZE && (bytes = nextLine()) != null) {
                batch[count++] = new NumberedLine(source, before + count, bytes);
            }
            if (count == 0) {
                return null;
            }
            linesEmitted += count;
            ArrayResultIterator<NumberedLine> iterator = new ArrayResultIterator<>();
            iterator.set(batch, count, CheckpointedPosition.NO_OFFSET, before);
            return iterator;
        }

        /** The next line's bytes without "\n" or "\r\n", or null at the end of the file. */
        private byte[] nextLine() throws IOException {
            current.reset();
            while (true) {
                if (position == limit) {
                    if (ended) {
                        return current.size() == 0 ? null : finish(current.toByteArray());
                    }
                    limit = in.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        ended = true;
                        continue;
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                if (position < limit) {
                    byte[] line;
                    if (current.size() == 0) {
                        line = java.util.Arrays.copyOfRange(buffer, start, position);
                    } else {
                        current.write(buffer, start, position - start);
                        line = current.toByteArray();
                    }
                    position++;
                    return finish(line);
                }
                current.write(buffer, start, position - start);
            }
        }

        private static byte[] finish(byte[] line) {
            int length = line.length;
            return length > 0 && line[length - 1] == '\r' ? java.util.Arrays.copyOf(line, length - 1) : line;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
