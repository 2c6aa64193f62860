package io.gridalarm.rules;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.runtime.KieSession;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rule files an attacker would write to get out of the sandbox, each spelled to pass the source scan (so the
 * source scan's name list is not what stops it): every one is refused on its compiled code, naming the file, line
 * and rule, and none runs.
 */
class CompiledRuleSandboxTest {

    private static final String HEADER = """
            package gridalarm.attack;
            import io.gridalarm.model.Severity;
            import io.gridalarm.rules.fact.Threshold;
            global io.gridalarm.rules.AlarmCollector alarms;
            """;

    @TempDir
    Path root;

    private Path marker() {
        return root.resolve("pwned");
    }

    /** A rule set of one attack file, written after {@link #HEADER}; {@code MARKER} becomes the marker's path. */
    private Path ruleSet(String drl) throws IOException {
        Path dir = Files.createDirectories(root.resolve("attack").resolve("1.0.0"));
        Files.writeString(dir.resolve("thresholds.csv"), "name,value,unit,description\n");
        Files.writeString(dir.resolve("attack.drl"), HEADER + drl.replace("MARKER", marker().toString()));
        return dir;
    }

    /** Asserts the source scan lets the file through, the compiled check refuses it at the line, and nothing ran. */
    private void assertRefusedOnCompiledCode(Path dir, int line, String rule, String reached) {
        assertDoesNotThrow(() -> RuleSet.read(dir), "the attack should get past the source scan");
        RuleSetException e = assertThrows(RuleSetException.class, () -> DroolsMeterRules.load(dir));
        String where = dir.resolve("attack.drl").toAbsolutePath() + ":" + line + ": " + rule + ": uses " + reached;
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(where) && p.contains("which rules may not reach")),
                "expected a problem starting '" + where + "' in " + e.problems());
        assertFalse(Files.exists(marker()), "the attack ran");
    }

    @Test
    void aFormatterFromTheAllowedJavaUtilPackageCannotWriteAFile() throws IOException {
        Path dir = ruleSet("""
                rule "format a file"
                    when
                    then
                        new java.util.Formatter( "MARKER" ).close();
                end
                """);
        assertTrue(attackRunsOnPlainDrools(dir), "the attack should write its file when Drools runs it unchecked");
        Files.delete(marker());
        assertRefusedOnCompiledCode(dir, 5, "rule \"format a file\"", "java.util.Formatter");
    }

    /**
     * Each attack: what it tries, its DRL (after the header), and what the refusal must name. A rule's
     * refusal points at the rule's line (5, the first after the header); a function or a declared type is named
     * by its generated class, so only the reached member is checked.
     */
    static Stream<Arguments> attacks() {
        return Stream.of(
                attack("a logging FileHandler named in full writes a file", """
                        rule "log to a file"
                            when
                            then
                                new java.util.logging.FileHandler( "MARKER" ).close();
                        end
                        """, "rule \"log to a file\"", "java.util.logging.FileHandler"),
                attack("a JarFile reads the machine's files", """
                        rule "read a jar"
                            when
                            then
                                new java.util.jar.JarFile( "/etc/passwd" ).close();
                        end
                        """, "rule \"read a jar\"", "java.util.jar.JarFile"),
                attack("a unicode-escaped System call", """
                        rule "silence the job's errors in disguise"
                            when
                            then
                                \\u0053ystem.setErr( null );
                        end
                        """, "rule \"silence the job's errors in disguise\"", "java.lang.System.setErr"),
                attack("an enum's declaring class leads to resources", """
                        rule "resources through an enum"
                            when
                            then
                                alarms.raise( "x", "X", Severity.MAJOR, null, null, null )
                                      .detail( "p", Severity.MAJOR.getDeclaringClass().getResourceAsStream( "/etc/passwd" ) );
                        end
                        """, "rule \"resources through an enum\"", "io.gridalarm.model.Severity.getDeclaringClass"),
                attack("a class literal leads to the module", """
                        rule "module through a literal"
                            when
                            then
                                String.class.getModule();
                        end
                        """, "rule \"module through a literal\"", "java.lang.Class.getModule"),
                attack("system properties read through Boolean", """
                        rule "properties through Boolean"
                            when
                            then
                                alarms.raise( "x", "X", Severity.MAJOR, null, null, null )
                                      .detail( "p", Boolean.getBoolean( "user.home" ) );
                        end
                        """, "rule \"properties through Boolean\"", "java.lang.Boolean.getBoolean"),
                attack("the shared KieBase changed through the rule context", """
                        rule "remove another rule"
                            when
                            then
                                kcontext.getKieRuntime().getKieBase().removeRule( "gridalarm.gbdefault", "Supply restored" );
                        end
                        """, "rule \"remove another rule\"",
                        "org.drools.core.rule.consequence.KnowledgeHelper.getKieRuntime"),
                attack("the JVM-wide locale changed", """
                        rule "change the locale"
                            when
                            then
                                java.util.Locale.setDefault( java.util.Locale.GERMANY );
                        end
                        """, "rule \"change the locale\"", "java.util.Locale.setDefault"),
                attack("the machine's clock in a constraint", """
                        rule "wall clock"
                            when
                                Threshold( java.time.Instant.now().getEpochSecond() > value )
                            then
                        end
                        """, "rule \"wall clock\"", "java.time.Instant.now"),
                attack("a monitor wait that would hang the task", """
                        rule "hang"
                            when
                                $t : Threshold( )
                            then
                                $t.wait( 100000L );
                        end
                        """, "rule \"hang\"", "java.lang.Object.wait"),
                attack("an eval in the condition", """
                        rule "reach the module while matching"
                            when
                                eval( String.class.getModule() != null )
                            then
                        end
                        """, "rule \"reach the module while matching\"", "java.lang.Class.getModule"),
                attack("a function writes a file", """
                        function void leak( String path ) {
                            try { new java.util.Formatter( path ).close(); } catch ( Exception e ) { }
                        }
                        rule "calls the function"
                            when
                            then
                                leak( "MARKER" );
                        end
                        """, null, "java.util.Formatter"),
                attack("a declared type extends a class outside the sandbox", """
                        import java.util.Random;
                        declare Dice extends Random
                        end
                        rule "uses the type"
                            when
                            then
                                insert( new Dice() );
                        end
                        """, null, "java.util.Random"),
                attack("a method reference to a closed member", """
                        rule "method reference"
                            when
                            then
                                java.util.function.Consumer<java.util.Locale> change = java.util.Locale::setDefault;
                                change.accept( java.util.Locale.GERMANY );
                        end
                        """, "rule \"method reference\"", "java.util.Locale.setDefault"),
                attack("a declared type named like a JDK class, to pass as generated code", """
                        declare java.util.Formatter
                        end
                        rule "impostor"
                            when
                            then
                                new java.util.Formatter( "MARKER" ).close();
                        end
                        """, null, "java.util.Formatter"),
                attack("the MVEL dialect", """
                        rule "mvel consequence"
                            dialect "mvel"
                            when
                            then
                                f = new java.util.Formatter( "MARKER" );
                                f.close();
                        end
                        """, "rule \"mvel consequence\"", "java.util.Formatter"));
    }

    private static Arguments attack(String what, String drl, String rule, String reached) {
        return Arguments.of(what, drl, rule, reached);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void everyAttackIsRefusedOnItsCompiledCodeAndNeverRuns(String what, String drl, String rule, String reached)
            throws IOException {
        Path dir = ruleSet(drl);
        if (rule != null) {
            assertRefusedOnCompiledCode(dir, 5, rule, reached);
        } else {
            assertDoesNotThrow(() -> RuleSet.read(dir), "the attack should get past the source scan");
            RuleSetException e = assertThrows(RuleSetException.class, () -> DroolsMeterRules.load(dir));
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(dir.toAbsolutePath().toString())
                    && p.contains("uses " + reached)), e.problems().toString());
            assertFalse(Files.exists(marker()), "the attack ran");
        }
    }

    /**
     * Were a rule set to bring a class named like one the job already loads, the check would take it for rule code
     * while the running rules might get the real one; such a class is refused, and a call to it is not waved through.
     */
    @Test
    void aGeneratedClassNamedLikeAClassOnTheClassPathIsRefused() {
        ClassWriter impostor = new ClassWriter(0);
        impostor.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "java/util/Formatter", null, "java/lang/Object", null);
        impostor.visitEnd();
        ClassWriter caller = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        caller.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "gridalarm/attack/Caller", null, "java/lang/Object", null);
        MethodVisitor method = caller.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        method.visitCode();
        method.visitTypeInsn(Opcodes.NEW, "java/util/Formatter");
        method.visitInsn(Opcodes.DUP);
        method.visitLdcInsn("/tmp/pwned");
        method.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/util/Formatter", "<init>", "(Ljava/lang/String;)V", false);
        method.visitInsn(Opcodes.POP);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        caller.visitEnd();
        List<String> problems = CompiledRuleSandbox.check(Map.of("java/util/Formatter.class", impostor.toByteArray(),
                "gridalarm/attack/Caller.class", caller.toByteArray()), Map.of(), "attack/1.0.0",
                getClass().getClassLoader());
        assertTrue(problems.contains("attack/1.0.0: generated class java.util.Formatter has the name of a class "
                + "outside the rule set, which rules may not take"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("uses java.util.Formatter.<init>")), problems.toString());
    }

    @Test
    void theDefaultRuleSetPassesTheCompiledCheck() {
        assertDoesNotThrow(() -> DroolsMeterRules.load(Fixtures.DEFAULT_RULES));
    }

    /** Compiles and fires the rule set with Drools alone, as if there were no sandbox: proves the attack is real. */
    private boolean attackRunsOnPlainDrools(Path dir) throws IOException {
        KieServices services = KieServices.get();
        KieFileSystem files = services.newKieFileSystem();
        files.write("src/main/resources/gridalarm/attack/attack.drl", Files.readString(dir.resolve("attack.drl")));
        KieBuilder builder = services.newKieBuilder(files).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        assertTrue(errors.isEmpty(), errors.toString());
        KieSession session = services.newKieContainer(services.getRepository().getDefaultReleaseId()).newKieSession();
        try {
            session.setGlobal("alarms", new AlarmCollector("attack"));
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        return Files.exists(marker());
    }
}
