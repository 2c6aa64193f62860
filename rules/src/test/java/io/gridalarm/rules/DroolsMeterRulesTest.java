package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each record starts from a clean working memory, whatever the rules insert, and runaway rules are stopped. */
class DroolsMeterRulesTest {

    @TempDir
    Path root;

    private Path ruleSet(String drl) throws IOException {
        Path dir = Files.createDirectories(root.resolve("custom/1.0.0"));
        Files.writeString(dir.resolve("thresholds.csv"), "name,value\n");
        Files.writeString(dir.resolve("rules.drl"), """
                package gridalarm.test;
                import io.gridalarm.model.Severity;
                import io.gridalarm.rules.fact.ReadFact;
                global io.gridalarm.rules.AlarmCollector alarms;
                """ + drl);
        return dir;
    }

    @Test
    void factsARuleInsertsItselfDoNotLeakIntoTheNextRecord() throws Exception {
        Path dir = ruleSet("""
                rule "remember" when ReadFact( ) then insert( "seen" ); end
                rule "report" when $s : String( ) $r : ReadFact( )
                then alarms.raise( kcontext, "SEEN", Severity.INFO, $r.meter(), $r.start(), $r.end() ); end
                """);
        try (DroolsMeterRules rules = DroolsMeterRules.load(dir)) {
            MeterState state = null;
            for (Instant start : new Instant[] {Fixtures.at("10:00"), Fixtures.at("10:30"), Fixtures.at("11:00")}) {
                Evaluation evaluation = rules.evaluate(Fixtures.read(Fixtures.ELECTRIC, start, 230, 235, 240), state);
                assertEquals(1, evaluation.alarms().size(), "one alarm per record, not one per remembered fact");
                state = evaluation.state();
            }
        }
    }

    @Test
    void aRuleThatKeepsReActivatingItselfIsStoppedWithAnExplanation() throws Exception {
        Path dir = ruleSet("""
                import io.gridalarm.rules.fact.VoltageWatch;
                rule "loops" when ReadFact( ) $w : VoltageWatch( ) then modify( $w ) { inRange( null ) }; end
                """.replace("inRange( null )", "getMeterId()"));
        try (DroolsMeterRules rules = DroolsMeterRules.load(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> rules.evaluate(Fixtures.read(Fixtures.ELECTRIC, at("10:00"), 230, 235, 240), null));
            assertTrue(e.getMessage().contains("keeps re-activating itself"), e.getMessage());
            Evaluation next = rules.evaluate(Fixtures.event(Fixtures.ELECTRIC, "e1", "0x8F74", at("11:00")),
                    null);
            assertTrue(next.alarms().isEmpty(), "the session is usable again after a refused record");
        }
    }
}
