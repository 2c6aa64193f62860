package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.Json;
import org.apache.flink.api.common.functions.MapFunction;

/** A dead letter as a line of {@code dead-letters.jsonl}, ordered by file and line number. */
public final class DeadLetterLines implements MapFunction<DeadLetter, OutputLine> {

    private static final long serialVersionUID = 1L;

    @Override
    public OutputLine map(DeadLetter letter) {
        return new OutputLine(OutputLine.DEAD_LETTERS, letter.source() + "|" + String.format("%012d", letter.line()),
                letter.reason().name(), Json.line(letter));
    }
}
