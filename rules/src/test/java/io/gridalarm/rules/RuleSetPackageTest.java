package io.gridalarm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule-set version travelling as one message and unpacked where a job reads it. */
class RuleSetPackageTest {

    @TempDir
    Path root;

    @Test
    void subtasksUnpackingTheSameVersionAtOnceEachReadAWholeVersion() throws Exception {
        RuleSetPackage pack = RuleSetPackage.of(Fixtures.DEFAULT_RULES, Instant.parse("2026-11-20T10:00:00Z"));
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                Path into = root.resolve("round-" + round);
                CyclicBarrier together = new CyclicBarrier(threads);
                List<Future<RuleSet>> read = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    read.add(pool.submit(() -> {
                        together.await();
                        return RuleSet.read(pack.materialize(into));
                    }));
                }
                for (Future<RuleSet> ruleSet : read) {
                    assertEquals("gb-default@1.0.0", ruleSet.get().id());
                    assertEquals(8, ruleSet.get().drlFiles().size());
                }
                try (var left = Files.list(into)) {
                    assertEquals(1, left.count(), "one folder per content, no staging left behind");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
