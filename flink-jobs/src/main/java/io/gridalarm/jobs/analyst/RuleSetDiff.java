package io.gridalarm.jobs.analyst;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.gridalarm.connectors.StagedOutputFiles;
import io.gridalarm.jobs.ReplayJob;
import io.gridalarm.jobs.ReplaySettings;
import io.gridalarm.jobs.ReplaySummary;
import io.gridalarm.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a new rule-set version would have changed over the same history: both versions replay it, and each party's
 * alarms are matched on kind, scope, status and start time. Unmatched alarms are added or removed; matched ones
 * whose other fields differ (time, severity, meters, details) are changed. The rule-set stamp is not a change.
 */
public final class RuleSetDiff {

    private RuleSetDiff() {
    }

    /** One alarm as a party received it. */
    @JsonPropertyOrder({"party", "alarm"})
    public record Delivered(String party, JsonNode alarm) {
        String key() {
            return party + "|" + alarm.path("kind").asText() + "|" + alarm.path("scope").path("level").asText() + "|"
                    + alarm.path("scope").path("id").asText() + "|" + alarm.path("status").asText() + "|"
                    + alarm.path("startTime").asText();
        }

        String kind() {
            return alarm.path("kind").asText();
        }
    }

    /** A matched alarm that differs, with the fields that differ. */
    @JsonPropertyOrder({"party", "fields", "old", "new"})
    public record Changed(String party, List<String> fields, JsonNode old,
                          @JsonProperty("new") JsonNode now) {
    }

    /** Added, removed and changed counts. */
    @JsonPropertyOrder({"added", "removed", "changed"})
    public record Counts(long added, long removed, long changed) {
        Counts plus(Counts other) {
            return new Counts(added + other.added, removed + other.removed, changed + other.changed);
        }
    }

    /** The whole comparison. */
    @JsonPropertyOrder({"oldRuleSet", "newRuleSet", "totals", "byPartyAndKind", "added", "removed", "changed"})
    public record Result(String oldRuleSet, String newRuleSet, Counts totals,
                         Map<String, Map<String, Counts>> byPartyAndKind, List<Delivered> added,
                         List<Delivered> removed, List<Changed> changed) {

        /** The table printed on stdout. */
        public String table() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "Alarms %s would have given differently from %s:%n", newRuleSet,
                    oldRuleSet));
            s.append(String.format(Locale.ROOT, "  %-30s %-24s %7s %8s %8s%n", "party", "kind", "added", "removed",
                    "changed"));
            byPartyAndKind.forEach((party, kinds) -> kinds.forEach((kind, c) -> s.append(String.format(Locale.ROOT,
                    "  %-30s %-24s %7d %8d %8d%n", party, kind, c.added(), c.removed(), c.changed()))));
            s.append(String.format(Locale.ROOT, "  %-30s %-24s %7d %8d %8d%n", "total", "", totals.added(),
                    totals.removed(), totals.changed()));
            return s.toString();
        }
    }

    /** Replays the history through both versions into {@code work/old} and {@code work/new}, and compares. */
    public static Result compare(ReplaySettings.Builder history, Path oldVersion, Path newVersion, Path work)
            throws Exception {
        ReplaySummary before = ReplayJob.run(history.ruleSet(oldVersion).outDir(work.resolve("old")).build(),
                ReplayJob.ProgressListener.none());
        ReplaySummary after = ReplayJob.run(history.ruleSet(newVersion).outDir(work.resolve("new")).build(),
                ReplayJob.ProgressListener.none());
        return compare(before.ruleSet(), delivered(work.resolve("old")), after.ruleSet(),
                delivered(work.resolve("new")));
    }

    static Result compare(String oldId, List<Delivered> before, String newId, List<Delivered> after) {
        Map<String, List<Delivered>> waiting = new LinkedHashMap<>();
        before.forEach(d -> waiting.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d));
        List<Delivered> added = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        for (Delivered now : after) {
            List<Delivered> same = waiting.get(now.key());
            if (same == null || same.isEmpty()) {
                added.add(now);
                continue;
            }
            Delivered old = same.remove(0);
            List<String> fields = differingFields(old.alarm(), now.alarm());
            if (!fields.isEmpty()) {
                changed.add(new Changed(now.party(), fields, old.alarm(), now.alarm()));
            }
        }
        List<Delivered> removed = waiting.values().stream().flatMap(List::stream).toList();
        Map<String, Map<String, Counts>> table = new TreeMap<>();
        added.forEach(d -> count(table, d.party(), d.kind(), new Counts(1, 0, 0)));
        removed.forEach(d -> count(table, d.party(), d.kind(), new Counts(0, 1, 0)));
        changed.forEach(c -> count(table, c.party(), c.now().path("kind").asText(), new Counts(0, 0, 1)));
        Counts totals = new Counts(added.size(), removed.size(), changed.size());
        return new Result(oldId, newId, totals, table, added, removed, changed);
    }

    private static void count(Map<String, Map<String, Counts>> table, String party, String kind, Counts counts) {
        table.computeIfAbsent(party, p -> new TreeMap<>()).merge(kind, counts, Counts::plus);
    }

    private static List<String> differingFields(JsonNode old, JsonNode now) {
        TreeSet<String> names = new TreeSet<>();
        old.fieldNames().forEachRemaining(names::add);
        now.fieldNames().forEachRemaining(names::add);
        List<String> differing = new ArrayList<>();
        for (String name : names) {
            if (name.equals("ruleSet") || name.equals("alarmId")) {
                continue;
            }
            if (name.equals("details")) {
                TreeSet<String> keys = new TreeSet<>();
                old.path(name).fieldNames().forEachRemaining(keys::add);
                now.path(name).fieldNames().forEachRemaining(keys::add);
                for (String key : keys) {
                    if (!old.path(name).path(key).equals(now.path(name).path(key))) {
                        differing.add("details." + key);
                    }
                }
            } else if (!old.path(name).equals(now.path(name))) {
                differing.add(name);
            }
        }
        return differing;
    }

    /** Every alarm of every party file of a replay's output, in party and file order. */
    static List<Delivered> delivered(Path out) throws IOException {
        List<Delivered> all = new ArrayList<>();
        for (Map.Entry<String, List<String>> party : StagedOutputFiles.partyLines(out).entrySet()) {
            for (String line : party.getValue()) {
                all.add(new Delivered(party.getKey(), Json.mapper().readTree(line)));
            }
        }
        return all;
    }

    /** Writes {@code diff.json} and {@code diff.html} into the folder. */
    public static void write(Result result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("diff.json").toFile(), result);
        Files.writeString(dir.resolve("diff.html"), html(result), StandardCharsets.UTF_8);
    }

    static String html(Result r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(r.oldRuleSet() + " -> " + r.newRuleSet())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.n{text-align:right}")
                .append(".added{background:#e6ffed}.removed{background:#ffeef0}.changed{background:#fff8c5}")
                .append("pre{margin:0;white-space:pre-wrap}</style></head><body>\n");
        h.append("<h1>").append(esc(r.newRuleSet())).append(" compared with ").append(esc(r.oldRuleSet()))
                .append("</h1>\n<p>Alarms the new version would have given differently over the same history. ")
                .append("Alarms are matched per party on kind, scope, status and start time.</p>\n");
        h.append("<table><tr><th>party</th><th>kind</th><th>added</th><th>removed</th><th>changed</th></tr>\n");
        r.byPartyAndKind().forEach((party, kinds) -> kinds.forEach((kind, c) -> h.append("<tr><td>")
                .append(esc(party)).append("</td><td>").append(esc(kind)).append("</td><td class=\"n\">")
                .append(c.added()).append("</td><td class=\"n\">").append(c.removed()).append("</td><td class=\"n\">")
                .append(c.changed()).append("</td></tr>\n")));
        h.append("<tr><th colspan=\"2\">total</th><th>").append(r.totals().added()).append("</th><th>")
                .append(r.totals().removed()).append("</th><th>").append(r.totals().changed())
                .append("</th></tr></table>\n");
        section(h, "Added", "added", r.added());
        section(h, "Removed", "removed", r.removed());
        h.append("<h2>Changed (").append(r.changed().size()).append(")</h2>\n<table><tr><th>party</th>")
                .append("<th>fields</th><th>old</th><th>new</th></tr>\n");
        for (Changed c : r.changed()) {
            h.append("<tr class=\"changed\"><td>").append(esc(c.party())).append("</td><td>")
                    .append(esc(String.join(", ", c.fields()))).append("</td><td><pre>").append(esc(c.old().toString()))
                    .append("</pre></td><td><pre>").append(esc(c.now().toString())).append("</pre></td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    private static void section(StringBuilder h, String title, String css, List<Delivered> alarms) {
        h.append("<h2>").append(title).append(" (").append(alarms.size()).append(")</h2>\n<table><tr><th>party</th>")
                .append("<th>alarm</th></tr>\n");
        for (Delivered d : alarms) {
            h.append("<tr class=\"").append(css).append("\"><td>").append(esc(d.party())).append("</td><td><pre>")
                    .append(esc(d.alarm().toString())).append("</pre></td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
