package io.gridalarm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gridalarm.model.DuisService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anomaly detection levels of a rule set: a user's own, else the default, the fleet's apart; bad rows refused. */
class CommandLimitsTest {

    private static final String HEADER = "user,service,windowMinutes,warning,quarantine,description\n";

    @TempDir
    Path root;

    private Path version(String limits) throws IOException {
        Path dir = Fixtures.copyDefaultRules(root, "limits", text -> text);
        Files.writeString(dir.resolve(CommandLimits.FILE), limits);
        return dir;
    }

    @Test
    void aUserWithoutItsOwnLimitHasTheDefaultAndTheFleetOnlyItsOwn() throws Exception {
        CommandLimits limits = RuleSet.read(version(HEADER + "*,7.2,60,50,100,default\n"
                + "ALFA,7.2,30,200,400,a large supplier\nfleet,7.1,60,1000,2000,all users\n")).commandLimits();
        assertEquals(new CommandLimits.Limit(Duration.ofMinutes(30), 200, 400),
                limits.of("ALFA", DuisService.DISABLE_SUPPLY));
        assertEquals(new CommandLimits.Limit(Duration.ofMinutes(60), 50, 100),
                limits.of("BRVO", DuisService.DISABLE_SUPPLY));
        assertNull(limits.of("BRVO", DuisService.ENABLE_SUPPLY), "no default for 7.1: not watched per user");
        assertEquals(1000, limits.ofFleet(DuisService.ENABLE_SUPPLY).warning());
        assertNull(limits.ofFleet(DuisService.DISABLE_SUPPLY), "the default row is not the fleet's");
    }

    @Test
    void aVersionWithoutTheFileWatchesNothing() throws Exception {
        Path dir = version(HEADER);
        Files.delete(dir.resolve(CommandLimits.FILE));
        assertEquals(CommandLimits.NONE, RuleSet.read(dir).commandLimits());
    }

    @Test
    void badRowsAreRefusedWithFileLineAndReason() throws Exception {
        Path dir = version(HEADER
                + "*,7.4,60,5,10,a read is not critical\n"
                + "*,7.2,0,5,10,an empty window\n"
                + "*,7.2,60,20,10,warning above quarantine\n"
                + ",7.2,60,5,10,no user\n"
                + "*,7.1,60,five,10,not a number\n"
                + "ALFA,7.2,60,5,10,first\n"
                + "ALFA,7.2,60,6,12,twice\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(dir));
        Path file = dir.resolve(CommandLimits.FILE);
        assertEquals(List.of(
                file + ":2: the service '7.4' is not a critical command (7.1, 7.2, 7.3, 6.4.1)",
                file + ":3: windowMinutes must be a whole number above 0 and warning and quarantine whole numbers "
                        + "of 0 or more",
                file + ":4: the warning level 20 is above the quarantine level 10",
                file + ":5: a limit without a user (a DCC user id, * or fleet)",
                file + ":6: windowMinutes must be a whole number above 0 and warning and quarantine whole numbers "
                        + "of 0 or more",
                file + ":8: user ALFA has two limits for service 7.2"), e.problems());
    }

    @Test
    void aWrongHeaderIsRefused() throws Exception {
        Path dir = version("user,service,limit\n*,7.2,5\n");
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.read(dir));
        assertEquals(List.of(dir.resolve(CommandLimits.FILE) + ":1: the header must be "
                + "user,service,windowMinutes,warning,quarantine,description"), e.problems());
    }
}
