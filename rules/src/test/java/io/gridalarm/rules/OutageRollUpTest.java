package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.RegistryRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The roll-up on its own, with a rule set that also tells suppliers about their meters' outages. */
class OutageRollUpTest {

    @TempDir
    Path root;

    /** The default rule set, copied with outage.notifySupplier turned on. */
    private Path notifyingSuppliers() throws IOException {
        return Fixtures.copyDefaultRules(root, "gb-notify",
                text -> text.replace("outage.notifySupplier,false", "outage.notifySupplier,true"));
    }

    private static RegistryRow meter(int i, String supplier) {
        return new RegistryRow("120000000000" + i, Fuel.ELECTRICITY, "F1", "S1", "12", supplier,
                Fixtures.REGISTERED);
    }

    @Test
    void suppliersHearOfTheirOwnMetersWhileTheNetworkOperatorGetsOneFeederOutage() throws Exception {
        RuleSet ruleSet = RuleSet.read(notifyingSuppliers());
        try (DroolsMeterRules rules = DroolsMeterRules.compile(ruleSet, getClass().getClassLoader())) {
            OutageRollUp rollUp = new OutageRollUp(rules, ruleSet, feeder -> 5, substation -> 2);
            RollUpState state = null;
            List<Alarm> sent = new ArrayList<>();
            String[] suppliers = {"ALFA", "BRVO", "ALFA"};
            for (int i = 0; i < 3; i++) {
                Evaluation confirmed = rules.evaluate(Fixtures.event(meter(i, suppliers[i]), "h" + i, "AD1",
                        at("10:03:0" + i)), null);
                for (MeterOutage outage : confirmed.outages()) {
                    OutageRollUp.Result result = rollUp.accept(state, outage);
                    state = result.state();
                    sent.addAll(result.emitted());
                }
            }
            assertEquals(List.of(), sent, "held for the grouping window");
            OutageRollUp.Result released = rollUp.release(state, rollUp.nextRelease(state));
            List<String> summary = released.emitted().stream()
                    .map(a -> a.scope().level() + ":" + a.recipients().stream().map(Recipient::toString).toList())
                    .sorted().toList();
            assertEquals(List.of("FEEDER:[network-operator/12]", "METER:[supplier/ALFA]", "METER:[supplier/ALFA]",
                    "METER:[supplier/BRVO]"), summary);
        }
    }
}
