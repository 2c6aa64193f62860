package io.gridalarm.jobs.functions;

import io.gridalarm.model.InputException;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.RegistryCsv;
import io.gridalarm.model.RegistryRow;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The rows of a registry file, read line by line in whatever piece of the file a subtask has, each as a one-row
 * history of its meter (gathered by meter downstream, {@link GatherHistory}). A line that does not read stops the job
 * with file, line and reason: no JVM holds the whole file to check it first.
 */
public final class RegistryRows extends RichFlatMapFunction<NumberedLine, MeterHistory> {

    private static final long serialVersionUID = 1L;

    private final String file;
    private transient RegistryCsv.LineReader reader;

    public RegistryRows(String file) {
        this.file = file;
    }

    @Override
    public void open(OpenContext openContext) throws InputException {
        reader = RegistryCsv.lineReader(Path.of(file));
    }

    @Override
    public void flatMap(NumberedLine line, Collector<MeterHistory> out) throws InputException {
        if (line.line() == 1 || line.isBlank()) {
            return;
        }
        RegistryRow row = reader.row(line.text(), (int) line.line());
        out.collect(new MeterHistory(row.meterId(), List.of(row)));
    }
}
