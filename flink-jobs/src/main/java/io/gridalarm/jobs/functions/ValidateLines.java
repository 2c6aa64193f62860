package io.gridalarm.jobs.functions;

import io.gridalarm.connectors.NumberedLine;
import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.Checked;
import io.gridalarm.model.DeadLetter;
import io.gridalarm.model.InputValidator;
import io.gridalarm.model.Registry;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.ReadLimits;
import io.gridalarm.model.RecordKind;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates input lines of one kind against the registry and, for reads, against what a supply can
 * physically deliver: good lines become {@link MeterRecord}s, every other non-blank line goes to the dead-letter
 * side output with its reason.
 */
public final class ValidateLines extends ProcessFunction<NumberedLine, MeterRecord> {

    private static final long serialVersionUID = 1L;
    /** Where unusable lines go. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };
    /** Accumulator names, for the summary and progress. */
    public static final String LINES_READ = "lines-read";
    public static final String BLANK_LINES = "blank-lines";

    private final RecordKind kind;
    private final String registryFile;
    private final ReadLimits limits;
    private transient RegistryWatch registry;
    private transient Registry validatorRegistry;
    private transient InputValidator validator;
    private transient LongCounter linesRead;
    private transient LongCounter blankLines;

    public ValidateLines(RecordKind kind, String registryFile, ReadLimits limits) {
        this.kind = kind;
        this.registryFile = registryFile;
        this.limits = limits;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        registry = new RegistryWatch(registryFile);
        validatorRegistry = registry.current();
        validator = new InputValidator(validatorRegistry, AlertCodes.gbcs(), limits);
        linesRead = getRuntimeContext().getLongCounter(LINES_READ);
        blankLines = getRuntimeContext().getLongCounter(BLANK_LINES);
    }

    @Override
    public void processElement(NumberedLine line, Context ctx, Collector<MeterRecord> out) {
        linesRead.add(1L);
        LocalProgress.lineRead();
        if (line.isBlank()) {
            blankLines.add(1L);
            return;
        }
        if (registry.current() != validatorRegistry) {
            validatorRegistry = registry.current();
            validator = new InputValidator(validatorRegistry, AlertCodes.gbcs(), limits);
        }
        Checked<MeterRecord> checked = kind == RecordKind.EVENT ? validator.event(line.bytes())
                : validator.read(line.bytes());
        if (checked.isOk()) {
            out.collect(checked.value());
        } else {
            ctx.output(DEAD_LETTERS, new DeadLetter(line.source(), line.line(), kind, checked.rejection().reason(),
                    checked.rejection().message(), line.text(), line.bytesBase64IfNotUtf8()));
        }
    }
}
