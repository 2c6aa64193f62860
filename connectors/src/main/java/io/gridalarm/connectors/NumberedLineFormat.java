package io.gridalarm.connectors;

import io.gridalarm.model.NumberedLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Reads text files as {@link NumberedLine}s: each line's bytes with its file and exact line number, which a plain
 * text line format cannot give. Files may be split into byte ranges read in parallel: a split owns the lines that
 * start inside its range, and learns the number of its first line by counting the line breaks before it (a
 * byte scan, far cheaper than parsing). Each line knows where it starts in its file, so it can be read again there.
 * A restored reader skips the lines it had already emitted.
 */
final class NumberedLineFormat implements BulkFormat<NumberedLine, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 512;
    private static final int BUFFER_BYTES = 1 << 16;

    /** The line without the carriage return of a "\r\n" line ending. */
    static byte[] trimCarriageReturn(byte[] line) {
        int length = line.length;
        return length > 0 && line[length - 1] == '\r' ? Arrays.copyOf(line, length - 1) : line;
    }

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
        return true;
    }

    @Override
    public TypeInformation<NumberedLine> getProducedType() {
        return TypeInformation.of(NumberedLine.class);
    }

    private static final class LineReader implements Reader<NumberedLine> {

        private final String source;
        private final FSDataInputStream in;
        private final long end;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private long bufferStart;
        private int position;
        private int limit;
        private boolean ended;
        /** Lines before the next one this reader emits, in the whole file. */
        private long lineNumber;
        /** Lines this reader has emitted (or skipped on restore), for its checkpointed position. */
        private long emitted;
        /** Where the line {@link #nextLine()} returned last starts in the file. */
        private long lineStart;

        LineReader(FileSourceSplit split, long alreadyEmitted) throws IOException {
            Path path = split.path();
            this.source = path.toUri().getPath();
            this.in = path.getFileSystem().open(path);
            this.end = split.offset() + split.length();
            long known = ChunkingFileEnumerator.linesBefore(split.splitId());
            lineNumber = known >= 0 && split.offset() > 0 ? seekToFirstLineAfter(split.offset(), known)
                    : skipToFirstLineAtOrAfter(split.offset());
            for (long i = 0; i < alreadyEmitted && nextLine() != null; i++) {
                emitted++;
                lineNumber++;
            }
        }

        /** Seeks to the first line starting at or after {@code offset} when the lines before it are known. */
        private long seekToFirstLineAfter(long offset, long linesBefore) throws IOException {
            in.seek(offset - 1);
            bufferStart = offset - 1;
            while (position < limit || fill()) {
                if (buffer[position++] == '\n') {
                    break;
                }
            }
            return linesBefore;
        }

        /** Reads up to the first line starting at or after {@code offset}; returns the line breaks passed. */
        private long skipToFirstLineAtOrAfter(long offset) throws IOException {
            if (offset == 0) {
                return 0;
            }
            long breaks = 0;
            boolean atLineStart = false;
            while (true) {
                if (position == limit && !fill()) {
                    return breaks;
                }
                long absolute = bufferStart + position;
                if (absolute >= offset && atLineStart) {
                    return breaks;
                }
                atLineStart = buffer[position++] == '\n';
                if (atLineStart) {
                    breaks++;
                }
            }
        }

        /** Refills the buffer; false at the end of the file. */
        private boolean fill() throws IOException {
            if (ended) {
                return false;
            }
            bufferStart += limit;
            position = 0;
            limit = in.read(buffer, 0, buffer.length);
            if (limit <= 0) {
                limit = 0;
                ended = true;
                return false;
            }
            return true;
        }

        @Override
        public RecordIterator<NumberedLine> readBatch() throws IOException {
            NumberedLine[] batch = new NumberedLine[BATCH_SIZE];
            int count = 0;
            long before = emitted;
            byte[] bytes;
            while (count < BATCH_SIZE && (bytes = nextLine()) != null) {
                batch[count++] = new NumberedLine(source, ++lineNumber, lineStart, bytes);
            }
            if (count == 0) {
                return null;
            }
            emitted += count;
            ArrayResultIterator<NumberedLine> iterator = new ArrayResultIterator<>();
            iterator.set(batch, count, CheckpointedPosition.NO_OFFSET, before);
            return iterator;
        }

        /** The next line of this split without "\n" or "\r\n", or null when the split has no more lines. */
        private byte[] nextLine() throws IOException {
            if (position == limit && !fill()) {
                return null;
            }
            if (bufferStart + position >= end) {
                return null;
            }
            lineStart = bufferStart + position;
            current.reset();
            while (true) {
                if (position == limit && !fill()) {
                    return current.size() == 0 ? null : trimCarriageReturn(current.toByteArray());
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                if (position < limit) {
                    byte[] line;
                    if (current.size() == 0) {
                        line = Arrays.copyOfRange(buffer, start, position);
                    } else {
                        current.write(buffer, start, position - start);
                        line = current.toByteArray();
                    }
                    position++;
                    return trimCarriageReturn(line);
                }
                current.write(buffer, start, position - start);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
