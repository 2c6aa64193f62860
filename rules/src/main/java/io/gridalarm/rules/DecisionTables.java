package io.gridalarm.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * Drools spreadsheet decision tables ({@code *.dt.csv}, {@code *.xls}, {@code *.xlsx}) in a rule-set version:
 * each is turned into DRL when the version is read, and from then on treated like a DRL file (sandbox, threshold
 * names, compilation, scenarios). Problems name the table file.
 */
final class DecisionTables {

    private DecisionTables() {
    }

    /** True for the files read as decision tables. */
    public static boolean isDecisionTable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".dt.csv") || name.endsWith(".xls") || name.endsWith(".xlsx");
    }

    /** The DRL the table stands for, or null with a problem added when the table cannot be read. */
    public static String toDrl(Path table, List<String> problems) {
        String name = table.getFileName().toString().toLowerCase(Locale.ROOT);
        InputType type = name.endsWith(".dt.csv") ? InputType.CSV : InputType.XLS;
        try (InputStream in = Files.newInputStream(table)) {
            String drl = new SpreadsheetCompiler().compile(in, type);
            if (drl == null || !drl.contains("rule ")) {
                problems.add(table + ": no rules: a decision table needs a RuleSet row and a RuleTable");
                return null;
            }
            return drl;
        } catch (IOException e) {
            problems.add(table + ": unreadable: " + e.getMessage());
        } catch (RuntimeException e) {
            // The decision table parser reports bad keywords, cells and rows this way, with the cell in the text.
            problems.add(table + ": " + (e.getMessage() == null ? e.toString() : e.getMessage().split("\\R")[0]));
        }
        return null;
    }
}
