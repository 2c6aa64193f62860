package io.gridalarm.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.model.codegen.ExecutableModelProject;
import org.drools.modelcompiler.CanonicalKieModule;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.KieModule;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Compiles a rule set's DRL and decision tables into a KieBase, refusing it with every error as
 * {@code file:line: reason}, and keeps the last few compiled per JVM, so that sessions are cheap to open.
 */
final class KieBases {

    private static final String RESOURCE_ROOT = "src/main/resources/";
    private static final int CACHED_KIE_BASES = 8;
    private static final Map<String, KieBase> COMPILED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KieBase> eldest) {
            return size() > CACHED_KIE_BASES;
        }
    };
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;?");

    private KieBases() {
    }

    /**
     * The compiled KieBase of a rule set, shared by every operator instance in this JVM that asks for the same
     * files with the same class loader, so parallel subtasks in one TaskManager pay for one build. Builds are
     * serialised because Drools keeps JVM-wide compiler caches that are not documented as safe for concurrent use.
     */
    static KieBase compiled(RuleSet ruleSet, ClassLoader classLoader) throws RuleSetException {
        String key = fingerprint(ruleSet) + "@" + System.identityHashCode(classLoader);
        synchronized (COMPILED) {
            KieBase cached = COMPILED.get(key);
            if (cached == null) {
                cached = build(ruleSet, classLoader);
                COMPILED.put(key, cached);
            }
            return cached;
        }
    }

    /** The rule set's identity by content: folder, every DRL text and the thresholds. */
    private static String fingerprint(RuleSet ruleSet) throws RuleSetException {
        StringBuilder content = new StringBuilder(ruleSet.directory().toString()).append('\n');
        ruleSet.thresholds().values().forEach((name, value) -> content.append(name).append('=').append(value).append('\n'));
        for (Path drl : ruleSet.drlFiles()) {
            try {
                content.append(drl).append('\n').append(Files.readString(drl, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RuleSetException(List.of(drl + ": unreadable: " + e.getMessage()));
            }
        }
        ruleSet.decisionTableDrl().forEach((table, text) -> content.append(table).append('\n').append(text));
        return UUID.nameUUIDFromBytes(content.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static KieBase build(RuleSet ruleSet, ClassLoader classLoader) throws RuleSetException {
        KieServices services = KieServices.get();
        KieFileSystem files = services.newKieFileSystem();
        // A release id of its own per build: concurrent builds in one JVM would otherwise share the default one.
        ReleaseId releaseId = services.newReleaseId("io.gridalarm.rulesets", ruleSet.name(),
                "0.0.0-" + UUID.randomUUID());
        files.generateAndWritePomXML(releaseId);
        List<String> problems = new ArrayList<>();
        for (Path drl : ruleSet.drlFiles()) {
            try {
                String text = Files.readString(drl, StandardCharsets.UTF_8);
                Matcher pkg = PACKAGE.matcher(text);
                // Drools expects a file's folder to match its package; only the file name matters to us.
                String folder = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
                files.write(RESOURCE_ROOT + folder + drl.getFileName(), text);
            } catch (IOException e) {
                problems.add(drl + ": unreadable: " + e.getMessage());
            }
        }
        Map<String, Path> generatedNames = new HashMap<>();
        ruleSet.decisionTableDrl().forEach((table, text) -> {
            Matcher pkg = PACKAGE.matcher(text);
            String folder = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
            String name = table.getFileName() + ".drl";
            generatedNames.put(name, table);
            files.write(RESOURCE_ROOT + folder + name, text);
        });
        if (!problems.isEmpty()) {
            throw new RuleSetException(problems);
        }
        // The executable model turns every constraint and consequence into generated Java classes, so what the
        // rules run can be checked as bytecode; nothing is left to an interpreted dialect.
        KieBuilder builder = services.newKieBuilder(files, classLoader).buildAll(ExecutableModelProject.class);
        problems.addAll(errors(builder, ruleSet, generatedNames));
        if (!problems.isEmpty()) {
            // The executable model reports some errors without a line; the classic build locates them.
            KieBuilder located = services.newKieBuilder(files, classLoader).buildAll();
            List<String> withLines = errors(located, ruleSet, generatedNames);
            services.getRepository().removeKieModule(releaseId);
            throw new RuleSetException(withLines.isEmpty() ? problems : withLines);
        }
        try {
            problems.addAll(checkCompiledCode(builder.getKieModule(), ruleSet, classLoader));
            if (!problems.isEmpty()) {
                throw new RuleSetException(problems);
            }
            return services.newKieContainer(releaseId, classLoader).getKieBase();
        } finally {
            services.getRepository().removeKieModule(releaseId);
        }
    }

    private static List<String> errors(KieBuilder builder, RuleSet ruleSet, Map<String, Path> generatedNames) {
        List<String> problems = new ArrayList<>();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            String path = message.getPath() == null ? "" : message.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            Path table = generatedNames.get(name);
            String file = path.isEmpty() ? ruleSet.directory().toString()
                    : table != null ? table + " (generated DRL)" : ruleSet.directory().resolve(name).toString();
            problems.add(file + ":" + Math.max(message.getLine(), 0) + ": " + oneLine(message.getText()));
        }
        return problems;
    }

    /** Every generated class checked by {@link CompiledRuleSandbox}; a module of any other kind is refused. */
    private static List<String> checkCompiledCode(KieModule module, RuleSet ruleSet, ClassLoader classLoader)
            throws RuleSetException {
        if (!(module instanceof CanonicalKieModule canonical)) {
            return List.of(ruleSet.directory() + ": the rules did not compile to checkable code ("
                    + module.getClass().getSimpleName() + "), so they are refused");
        }
        Map<String, byte[]> classes = new TreeMap<>();
        for (String name : canonical.getFileNames()) {
            if (name.endsWith(".class")) {
                classes.put(name, canonical.getBytes(name));
            }
        }
        try {
            return CompiledRuleSandbox.check(classes, ruleSet.declarations(), ruleSet.directory().toString(),
                    classLoader);
        } catch (IOException e) {
            throw new RuleSetException(List.of(ruleSet.directory() + ": unreadable: " + e.getMessage()));
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
