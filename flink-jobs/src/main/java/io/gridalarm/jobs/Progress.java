package io.gridalarm.jobs;

import io.gridalarm.jobs.functions.LocalProgress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;

/** Waits for a job while reporting the lines it has read so far. */
final class Progress {

    private static final long POLL_SECONDS = 2;

    private Progress() {
    }

    static JobExecutionResult await(JobClient client, ReplayJob.ProgressListener listener) throws Exception {
        CompletableFuture<JobExecutionResult> done = client.getJobExecutionResult();
        while (true) {
            try {
                return done.get(POLL_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                listener.progress(LocalProgress.linesRead(), LocalProgress.recordsEvaluated());
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof Exception e ? e : failed;
            }
        }
    }
}
