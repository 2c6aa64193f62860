package io.gridalarm.rules;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule files are code that runs inside the job, so a rule set may only reach the gridalarm fact and helper types,
 * {@code java.time}, {@code java.util} collections and {@code java.lang.Math}: imports outside those, and any
 * mention of the JVM, I/O, threads, networking, reflection or class loading, are refused with the line. This is a
 * check of the source (comments and string literals left out), made before Drools compiles anything.
 */
final class RuleSandbox {

    private static final List<String> ALLOWED_IMPORTS = List.of("io.gridalarm.model.", "io.gridalarm.rules.fact.",
            "io.gridalarm.rules.AlarmCollector", "io.gridalarm.rules.AlarmDraft", "java.time.", "java.util.",
            "java.lang.Math");
    private static final List<String> FORBIDDEN_IMPORT_PREFIXES = List.of("java.util.concurrent",
            "java.util.jar", "java.util.zip", "java.util.logging", "java.util.spi", "java.util.ServiceLoader",
            "java.util.prefs");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+|function\\s+)?([\\w.*]+)");
    private static final Pattern GLOBAL = Pattern.compile("^\\s*global\\s+([\\w.]+)");
    private static final Pattern FORBIDDEN = Pattern.compile("\\b(System|Runtime|Thread|ThreadGroup|ThreadLocal"
            + "|ProcessBuilder|ProcessHandle|Process|ClassLoader|Class|forName|getClass|getClassLoader|loadClass"
            + "|defineClass|newInstance|setAccessible|getDeclaredMethod|getDeclaredField|getMethod|invoke|Unsafe"
            + "|Files|Paths|File|FileInputStream|FileOutputStream|FileReader|FileWriter|RandomAccessFile|Socket"
            + "|ServerSocket|DatagramSocket|URL|URLConnection|HttpClient|Executors|ExecutorService"
            + "|CompletableFuture|ForkJoinPool|Timer|exit|halt|exec|getRuntime|getenv|getProperty|setProperty)\\b"
            + "|\\b(java\\.io|java\\.nio|java\\.net|java\\.lang\\.reflect|java\\.lang\\.invoke|java\\.lang\\.management"
            + "|java\\.util\\.concurrent|javax\\.|sun\\.|jdk\\.|com\\.sun\\.|org\\.drools|org\\.kie|org\\.mvel)");

    private RuleSandbox() {
    }

    /** Adds a {@code file:line: reason} problem for every line of the DRL that reaches outside the sandbox. */
    public static void check(Path file, List<String> lines, List<String> problems) {
        List<String> code = codeOnly(lines);
        for (int i = 0; i < code.size(); i++) {
            String line = code.get(i);
            String where = file + ":" + (i + 1) + ": ";
            Matcher imported = IMPORT.matcher(line);
            if (imported.find()) {
                String type = imported.group(1);
                boolean allowed = ALLOWED_IMPORTS.stream().anyMatch(type::startsWith)
                        && FORBIDDEN_IMPORT_PREFIXES.stream().noneMatch(type::startsWith);
                if (!allowed) {
                    problems.add(where + "the import of " + type + " is not allowed: rules may use the gridalarm "
                            + "fact and helper types, java.time, java.util collections and java.lang.Math only");
                }
                continue;
            }
            Matcher global = GLOBAL.matcher(line);
            if (global.find() && !global.group(1).equals(AlarmCollector.class.getName())) {
                problems.add(where + "the global of type " + global.group(1) + " is not allowed: the only global is "
                        + AlarmCollector.class.getName() + " alarms");
                continue;
            }
            Matcher forbidden = FORBIDDEN.matcher(line);
            if (forbidden.find()) {
                problems.add(where + "'" + forbidden.group() + "' is not allowed in rules: rule files may not reach "
                        + "the JVM, files, threads, the network, reflection or class loading");
            }
        }
    }

    /** The lines with comments and the contents of string literals blanked out, line numbers kept. */
    static List<String> codeOnly(List<String> lines) {
        StringBuilder all = new StringBuilder();
        for (String line : lines) {
            all.append(line).append('\n');
        }
        StringBuilder out = new StringBuilder(all.length());
        int i = 0;
        while (i < all.length()) {
            char c = all.charAt(i);
            if (c == '/' && i + 1 < all.length() && all.charAt(i + 1) == '/') {
                while (i < all.length() && all.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < all.length() && all.charAt(i + 1) == '*') {
                i += 2;
                while (i < all.length() && !(all.charAt(i) == '*' && i + 1 < all.length() && all.charAt(i + 1) == '/')) {
                    if (all.charAt(i) == '\n') {
                        out.append('\n');
                    }
                    i++;
                }
                i += 2;
            } else if (c == '"' || c == '\'') {
                out.append(c);
                i++;
                while (i < all.length() && all.charAt(i) != c && all.charAt(i) != '\n') {
                    if (all.charAt(i) == '\\') {
                        i++;
                    }
                    i++;
                }
                if (i < all.length() && all.charAt(i) == c) {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return List.of(out.toString().split("\n", -1));
    }
}
