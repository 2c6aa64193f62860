package io.gridalarm.connectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.model.NumberedLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines come out with exact numbers and bytes, whatever the line endings, and a restored reader resumes. */
class NumberedLineFormatTest {

    @TempDir
    Path dir;

    private static List<NumberedLine> readAll(BulkFormat.Reader<NumberedLine> reader, List<Long> positions)
            throws IOException {
        List<NumberedLine> lines = new ArrayList<>();
        BulkFormat.RecordIterator<NumberedLine> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<NumberedLine> next;
            while ((next = batch.next()) != null) {
                lines.add(next.getRecord());
                positions.add(next.getRecordSkipCount());
            }
            batch.releaseBatch();
        }
        reader.close();
        return lines;
    }

    private FileSourceSplit split(Path file, CheckpointedPosition position) throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit("s", new org.apache.flink.core.fs.Path(file.toUri()), 0, size, 0, size,
                new String[0], position);
    }

    @Test
    void linesKeepTheirNumbersBytesAndSource() throws IOException {
        byte[] content = "first\r\n\nthird \u00e9\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[content.length + 4];
        System.arraycopy(content, 0, withBadByte, 0, content.length);
        withBadByte[content.length] = 'x';
        withBadByte[content.length + 1] = (byte) 0xff;
        withBadByte[content.length + 2] = 'y';
        withBadByte[content.length + 3] = '\n';
        Path file = Files.write(dir.resolve("in.jsonl"), withBadByte);
        List<Long> positions = new ArrayList<>();
        List<NumberedLine> lines = readAll(new NumberedLineFormat().createReader(new Configuration(),
                split(file, null)), positions);
        assertEquals(4, lines.size());
        assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(NumberedLine::line).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), positions);
        assertEquals(List.of(0L, 7L, 8L, 17L), lines.stream().map(NumberedLine::offset).toList(),
                "where each line starts in the file, in bytes");
        assertEquals("first", lines.get(0).text());
        assertTrue(lines.get(1).isBlank());
        assertEquals("third \u00e9", lines.get(2).text());
        assertNull(lines.get(2).bytesBase64IfNotUtf8());
        assertArrayEquals(new byte[] {'x', (byte) 0xff, 'y'}, lines.get(3).bytes());
        assertEquals("eP95", lines.get(3).bytesBase64IfNotUtf8());
        assertEquals(file.toAbsolutePath().toString(), lines.get(0).source());
    }

    @Test
    void aLastLineWithoutNewlineAndLongLinesAreRead() throws IOException {
        String longLine = "z".repeat(200_000);
        Path file = Files.writeString(dir.resolve("in.jsonl"), "a\n" + longLine + "\nlast");
        List<NumberedLine> lines = readAll(new NumberedLineFormat().createReader(new Configuration(),
                split(file, null)), new ArrayList<>());
        assertEquals(List.of("a", longLine, "last"), lines.stream().map(NumberedLine::text).toList());
        assertEquals(List.of(0L, 2L, 200_003L), lines.stream().map(NumberedLine::offset).toList());
        try (LinesByPlace again = new LinesByPlace()) {
            assertEquals(List.of("a", longLine, "last"), lines.stream()
                    .map(line -> again.whole(line.byPlace()).text()).toList(), "read again from their places");
        }
    }

    @Test
    void aRestoredReaderSkipsTheLinesAlreadyEmitted() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 1500; i++) {
            text.append("line ").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("in.jsonl"), text);
        List<NumberedLine> lines = readAll(new NumberedLineFormat().restoreReader(new Configuration(),
                split(file, new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 1000))), new ArrayList<>());
        assertEquals(500, lines.size());
        assertEquals(1001L, lines.get(0).line());
        assertEquals("line 1001", lines.get(0).text());
    }

    @Test
    void splitsOfAnySizeTogetherReadEveryLineOnceWithItsNumber() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            text.append("l").append(i).append("x".repeat(i % 17)).append(i % 5 == 0 ? "\r\n" : "\n");
            if (i % 50 == 0) {
                text.append('\n');
            }
        }
        text.append("tail-without-newline");
        Path file = Files.writeString(dir.resolve("in.jsonl"), text);
        List<NumberedLine> whole = readAll(new NumberedLineFormat().createReader(new Configuration(),
                split(file, null)), new ArrayList<>());
        for (long chunk : new long[] {1, 2, 7, 64, 1000, 1 << 20}) {
            List<NumberedLine> pieces = new ArrayList<>();
            List<NumberedLine> scanned = new ArrayList<>();
            for (FileSourceSplit split : new ChunkingFileEnumerator(chunk).enumerateSplits(
                    new org.apache.flink.core.fs.Path[] {new org.apache.flink.core.fs.Path(file.toUri())}, 1)) {
                pieces.addAll(readAll(new NumberedLineFormat().createReader(new Configuration(), split),
                        new ArrayList<>()));
                FileSourceSplit withoutLineCount = new FileSourceSplit("plain", split.path(), split.offset(),
                        split.length(), split.fileModificationTime(), split.fileSize());
                scanned.addAll(readAll(new NumberedLineFormat().createReader(new Configuration(), withoutLineCount),
                        new ArrayList<>()));
            }
            List<String> expected = whole.stream().map(NumberedLineFormatTest::described).toList();
            assertEquals(expected, pieces.stream().map(NumberedLineFormatTest::described).toList(), "chunk " + chunk);
            assertEquals(expected, scanned.stream().map(NumberedLineFormatTest::described).toList(),
                    "chunk " + chunk);
        }
        assertEquals(307, whole.size());
        assertEquals("tail-without-newline", whole.get(306).text());
        try (LinesByPlace again = new LinesByPlace()) {
            for (NumberedLine line : whole) {
                NumberedLine byPlace = line.byPlace();
                assertFalse(byPlace.hasBytes());
                assertArrayEquals(line.bytes(), again.whole(byPlace).bytes(), "line " + line.line() + " read again "
                        + "from byte " + line.offset() + ", without its \\r\\n");
            }
        }
    }

    @Test
    void aLineWhoseFileChangedUnderTheJobIsRefusedWithItsFileAndPlace() throws IOException {
        Path file = Files.writeString(dir.resolve("in.jsonl"), "first\nsecond\n");
        List<NumberedLine> lines = readAll(new NumberedLineFormat().createReader(new Configuration(),
                split(file, null)), new ArrayList<>());
        Files.writeString(file, "x\n");
        try (LinesByPlace again = new LinesByPlace()) {
            UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                    () -> again.whole(lines.get(1).byPlace()));
            assertTrue(refused.getMessage().startsWith("Cannot read line 2 of " + file.toAbsolutePath()
                    + " again at byte 6"), refused.getMessage());
        }
    }

    private static String described(NumberedLine line) {
        return line.line() + "@" + line.offset() + ":" + line.text();
    }
}
