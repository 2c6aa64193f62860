package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Severity;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decision tables (CSV and XLSX) in a rule-set version are read, checked and compiled like DRL files. */
class DecisionTableTest {

    private static final Path CSV_TABLE = Path.of("src/test/resources/decision-tables/supplier-codes.dt.csv");

    @TempDir
    Path root;

    private Path version(String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name).resolve("1.0.0"));
        Files.writeString(dir.resolve("thresholds.csv"), "name,value\n");
        return dir;
    }

    private static List<Alarm> alarmsFor(Path dir, String code) throws Exception {
        try (DroolsMeterRules rules = DroolsMeterRules.load(dir)) {
            return rules.evaluate(Fixtures.event(Fixtures.ELECTRIC, "e-" + code, code, at("10:00")), null)
                    .alarms();
        }
    }

    @Test
    void aCsvDecisionTableRaisesOneAlarmPerRowWithTheRowsKindAndSeverity() throws Exception {
        Path dir = version("table-csv");
        Files.copy(CSV_TABLE, dir.resolve("supplier-codes.dt.csv"));
        RuleSet ruleSet = RuleSet.read(dir);
        assertEquals(List.of("Table tamper detect", "Table connect failure"), ruleSet.ruleNames());
        List<Alarm> tamper = alarmsFor(dir, "0x8F3F");
        assertEquals(1, tamper.size());
        assertEquals("TABLE_TAMPER", tamper.get(0).kind());
        assertEquals(Severity.MAJOR, tamper.get(0).severity());
        assertEquals("Table tamper detect", tamper.get(0).rule());
        assertEquals(PartyType.SUPPLIER, tamper.get(0).recipients().get(0).type());
        assertEquals(Severity.MINOR, alarmsFor(dir, "0x81BD").get(0).severity());
        assertTrue(alarmsFor(dir, "0x8F01").isEmpty(), "a code without a row raises nothing");
    }

    @Test
    void anXlsxDecisionTableIsReadTheSameWay() throws Exception {
        Path dir = version("table-xlsx");
        List<String[]> rows = new CsvMapper()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(String[].class).<String[]>readValues(CSV_TABLE.toFile()).readAll();
        try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(dir.resolve("codes.xlsx"))) {
            Sheet sheet = book.createSheet("Tables");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                String[] cells = rows.get(r);
                for (int c = 0; c < cells.length; c++) {
                    if (!cells[c].isEmpty()) {
                        row.createCell(c).setCellValue(cells[c]);
                    }
                }
            }
            book.write(out);
        }
        assertEquals("TABLE_CONTROL_FAILURE", alarmsFor(dir, "0x81BD").get(0).kind());
    }

    @Test
    void aBrokenTableAndATableThatLeavesTheSandboxAreRefusedNamingTheTable() throws Exception {
        Path broken = version("table-broken");
        Files.writeString(broken.resolve("bad.dt.csv"), Files.readString(CSV_TABLE)
                .replace("NAME,CONDITION,ACTION", "NAME,FOO,ACTION"));
        RuleSetException refused = assertThrows(RuleSetException.class, () -> RuleSet.read(broken));
        assertEquals(broken.resolve("bad.dt.csv").toAbsolutePath() + ": Unexpected content \"code == \"$param\"\" in "
                + "cell B9, leave this cell blank", refused.problems().get(0));

        Path escape = version("table-escape");
        Files.writeString(escape.resolve("exit.dt.csv"), Files.readString(CSV_TABLE)
                .replace(".toSupplier()", ".toSupplier(); System.exit(1); alarms.toString()"));
        RuleSetException sandbox = assertThrows(RuleSetException.class, () -> RuleSet.read(escape));
        assertTrue(sandbox.problems().stream().anyMatch(p -> p.contains("exit.dt.csv (generated DRL)")
                && p.contains("'System' is not allowed")), sandbox.problems().toString());

        Path unknownType = version("table-unknown");
        Files.writeString(unknownType.resolve("ghost.dt.csv"), Files.readString(CSV_TABLE)
                .replace("$e : AlertFact", "$e : GhostFact"));
        RuleSetException compile = assertThrows(RuleSetException.class, () -> DroolsMeterRules.load(unknownType));
        assertTrue(compile.problems().stream().anyMatch(p -> p.contains("ghost.dt.csv (generated DRL)")),
                compile.problems().toString());
    }
}
