package io.gridalarm.jobs.functions;

import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.Checked;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.LineParser;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.RecordKind;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and checks input lines of one kind, as far as a line alone shows: good lines become {@link ParsedInput}s
 * for the registry join ({@link MatchRegistry}), a file's line going on by its place only (the join reads it again
 * for the few it refuses); every other non-blank line goes to the dead-letter side output with its reason.
 */
public final class ValidateLines extends ProcessFunction<NumberedLine, ParsedInput> {

    private static final long serialVersionUID = 1L;
    /** Where unusable lines go. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };
    /** Accumulator names, for the summary and progress. */
    public static final String LINES_READ = "lines-read";
    public static final String BLANK_LINES = "blank-lines";

    private final RecordKind kind;
    private transient LineParser parser;
    private transient LongCounter linesRead;
    private transient LongCounter blankLines;

    public ValidateLines(RecordKind kind) {
        this.kind = kind;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        parser = new LineParser(AlertCodes.gbcs());
        linesRead = getRuntimeContext().getLongCounter(LINES_READ);
        blankLines = getRuntimeContext().getLongCounter(BLANK_LINES);
    }

    @Override
    public void processElement(NumberedLine line, Context ctx, Collector<ParsedInput> out) {
        linesRead.add(1L);
        LocalProgress.lineRead();
        if (line.isBlank()) {
            blankLines.add(1L);
            return;
        }
        Checked<ParsedInput> checked = parser.parse(kind, line.bytes());
        if (checked.isOk()) {
            out.collect(checked.value().from(line.byPlace()));
        } else {
            ctx.output(DEAD_LETTERS, DeadLetter.of(line, kind, checked.rejection()));
        }
    }
}
