package io.gridalarm.jobs;

import io.gridalarm.jobs.functions.ValidateLines;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;

/** Waits for a job while reporting the lines it has read so far. */
final class Progress {

    private static final long POLL_SECONDS = 2;

    private Progress() {
    }

    static JobExecutionResult await(JobClient client, LongConsumer linesRead) throws Exception {
        CompletableFuture<JobExecutionResult> done = client.getJobExecutionResult();
        while (true) {
            try {
                return done.get(POLL_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                report(client, linesRead);
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof Exception e ? e : failed;
            }
        }
    }

    private static void report(JobClient client, LongConsumer linesRead) {
        try {
            Map<String, Object> accumulators = client.getAccumulators().get(POLL_SECONDS, TimeUnit.SECONDS);
            Object lines = accumulators.get(ValidateLines.LINES_READ);
            if (lines instanceof Number n) {
                linesRead.accept(n.longValue());
            }
        } catch (Exception notYetAvailable) {
            // Accumulators are not served before the job runs; the next poll tries again.
        }
    }
}
