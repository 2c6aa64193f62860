package io.gridalarm.jobs.functions;

import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.Checked;
import io.gridalarm.model.LineParser;
import io.gridalarm.model.NumberedLine;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.model.RecordKind;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * The clock of one live input, made at its source for each topic partition, from the time each line gives: as a
 * Kafka source's watermarks are, so every registry join hears how far each partition has come, whichever meters'
 * records it holds. The least of the partitions still sending, each behind its latest line by the out-of-order
 * bound, or up to it once the partition has been quiet (everything received is complete); a partition quiet for the
 * idle time (half a minute by default) is idle (a partition that never sends holds no one back). Not sooner: a
 * partition idle between two bursts would come back behind the others' time; the last records of a stream are let
 * go after the join instead ({@link ResumedClock}). Quiet and idle are measured on the source's input-activity
 * clock, which stands still while the job is back-pressured: a partition held back by busy rules is not silent.
 *
 * <p>A line that does not parse, or that is dated more than a day ahead of the wall clock (a meter's clock gone
 * wrong, a forged line), moves nothing. A line of a meter the registry does not know moves time as a known meter's
 * would: the registry is joined after the clock, by meter, and the topics' ACLs are what keep forged lines out.
 */
public final class LineClock implements WatermarkGenerator<NumberedLine> {

    /** A line dated further ahead of the wall clock than this does not move time. */
    static final long FUTURE_TOLERANCE_MILLIS = Duration.ofDays(1).toMillis();
    private final long boundMillis;
    private final long quietNanos;
    private final RelativeClock activity;
    private long latest = Long.MIN_VALUE;
    private long lastLineNanos;

    LineClock(Duration outOfOrderBound, Duration quiet, RelativeClock activity) {
        this.boundMillis = outOfOrderBound.toMillis();
        this.quietNanos = quiet.toNanos();
        this.activity = activity;
        this.lastLineNanos = activity.relativeTimeNanos();
    }

    /** Each line's own time as its timestamp (none for a line that does not parse), and this clock per partition. */
    public static WatermarkStrategy<NumberedLine> strategy(RecordKind kind, Duration outOfOrderBound,
                                                           Duration quiet, Duration idleAfter) {
        if (outOfOrderBound.isNegative() || quiet.isNegative() || quiet.isZero() || idleAfter.compareTo(quiet) <= 0) {
            throw new IllegalArgumentException("The out-of-order bound must not be negative, the quiet period "
                    + "must be positive and a partition must be quiet before it is idle.");
        }
        return WatermarkStrategy.<NumberedLine>forGenerator(
                        context -> new LineClock(outOfOrderBound, quiet, context.getInputActivityClock()))
                .withTimestampAssigner(context -> new LineTime(kind))
                .withIdleness(idleAfter);
    }

    /**
     * Each line's own time as its timestamp, and no clock of its own: for service requests and responses, which share
     * the alerts' clock but come far more sparsely. A quiet or empty topic of them must never hold the alerts back
     * (a partition waits half a minute before it is idle); their records wait for the alerts' clock instead, and one
     * that comes behind it is evaluated at once.
     */
    public static WatermarkStrategy<NumberedLine> offTheClock(RecordKind kind) {
        return NoClock.stampedBy(context -> new LineTime(kind));
    }

    @Override
    public void onEvent(NumberedLine line, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Long.MIN_VALUE
                || eventTimestamp > System.currentTimeMillis() + FUTURE_TOLERANCE_MILLIS) {
            return;
        }
        latest = Math.max(latest, eventTimestamp);
        lastLineNanos = activity.relativeTimeNanos();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (latest == Long.MIN_VALUE) {
            return;
        }
        boolean quiet = activity.relativeTimeNanos() - lastLineNanos >= quietNanos;
        output.emitWatermark(new Watermark(quiet ? latest : latest - boundMillis - 1));
    }

    /** The time a line gives, parsed as validation will parse it; none for a line that does not parse. */
    static final class LineTime implements TimestampAssigner<NumberedLine> {
        private final RecordKind kind;
        private final LineParser parser = new LineParser(AlertCodes.gbcs());

        LineTime(RecordKind kind) {
            this.kind = kind;
        }

        @Override
        public long extractTimestamp(NumberedLine line, long recordTimestamp) {
            if (line.isBlank()) {
                return Long.MIN_VALUE;
            }
            Checked<ParsedInput> parsed = parser.parse(kind, line.bytes());
            return parsed.isOk() ? parsed.value().time().toEpochMilli() : Long.MIN_VALUE;
        }
    }
}
