package io.gridalarm.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The sandbox enforced on what runs: every class Drools generated for a rule set (constraints, consequences,
 * functions, declared types and the rule definitions themselves) is read as bytecode, and every class, field,
 * method and bootstrap it references must be on an allow-list, so a rule reaches nothing that a source scan could
 * miss (fully qualified names, unicode escapes, inherited members, other dialects).
 */
final class CompiledRuleSandbox {

    /** What the refusal tells the analyst rules may use. */
    static final String ALLOWED = "rule code may use the gridalarm fact and helper types, java.time, the java.util "
            + "collection types, java.lang.Math, String and the boxed numbers";

    /** Types whose members rule code may use, except the members named in {@link #DENIED_MEMBERS}. */
    private static final Set<String> OPEN_TYPES = Set.of(
            "java/lang/Object", "java/lang/String", "java/lang/StringBuilder", "java/lang/CharSequence",
            "java/lang/Math", "java/lang/Number", "java/lang/Integer", "java/lang/Long", "java/lang/Double",
            "java/lang/Float", "java/lang/Short", "java/lang/Byte", "java/lang/Boolean", "java/lang/Character",
            "java/lang/Comparable", "java/lang/Iterable", "java/lang/Enum",
            "java/lang/RuntimeException", "java/lang/IllegalArgumentException", "java/lang/IllegalStateException",
            "java/lang/ArithmeticException", "java/lang/NullPointerException",
            "java/lang/UnsupportedOperationException", "java/lang/IndexOutOfBoundsException",
            "java/util/Collection", "java/util/List", "java/util/ArrayList", "java/util/LinkedList",
            "java/util/Set", "java/util/HashSet", "java/util/LinkedHashSet", "java/util/TreeSet",
            "java/util/SortedSet", "java/util/NavigableSet", "java/util/Map", "java/util/Map$Entry",
            "java/util/HashMap", "java/util/LinkedHashMap", "java/util/TreeMap", "java/util/SortedMap",
            "java/util/NavigableMap", "java/util/EnumMap", "java/util/EnumSet", "java/util/Queue",
            "java/util/Deque", "java/util/ArrayDeque", "java/util/PriorityQueue", "java/util/Iterator",
            "java/util/ListIterator", "java/util/Collections", "java/util/Arrays", "java/util/Objects",
            "java/util/Optional", "java/util/OptionalInt", "java/util/OptionalLong", "java/util/OptionalDouble",
            "java/util/Comparator", "java/util/Locale",
            // the gridalarm types a rule may touch: facts, the alarm collector and the values they carry
            "io/gridalarm/rules/AlarmCollector", "io/gridalarm/rules/AlarmDraft", "io/gridalarm/rules/MeterAlarm",
            "io/gridalarm/model/Alarm", "io/gridalarm/model/AlarmStatus", "io/gridalarm/model/AlertCategory",
            "io/gridalarm/model/AlertCode", "io/gridalarm/model/Fuel", "io/gridalarm/model/IntervalRead",
            "io/gridalarm/model/MeterEvent", "io/gridalarm/model/MeterRecord", "io/gridalarm/model/NetworkLocation",
            "io/gridalarm/model/PartyType", "io/gridalarm/model/Recipient", "io/gridalarm/model/RecordKind",
            "io/gridalarm/model/RegistryRow", "io/gridalarm/model/Scope", "io/gridalarm/model/ScopeLevel",
            "io/gridalarm/model/Severity", "io/gridalarm/model/AssetKind", "io/gridalarm/model/NetworkPath",
            "io/gridalarm/model/PathStep", "io/gridalarm/model/ServiceMessage", "io/gridalarm/model/ServiceRequest",
            "io/gridalarm/model/ServiceResponse", "io/gridalarm/model/DuisService", "io/gridalarm/model/DccRole",
            "io/gridalarm/model/SwitchPosition",
            // what Drools' executable model generates around the rule code: the rule-definition DSL and its helpers
            "org/drools/modelcompiler/dsl/pattern/D", "org/drools/modelcompiler/util/EvaluationUtil",
            "org/drools/modelcompiler/CanonicalKieModuleModel", "org/kie/api/definition/rule/Rule",
            "org/kie/util/maven/support/ReleaseIdImpl", "org/kie/api/builder/model/KieModuleModel",
            "org/kie/api/builder/model/KieBaseModel", "org/kie/api/builder/model/KieSessionModel",
            "org/kie/api/builder/model/KieSessionModel$KieSessionType", "org/kie/api/conf/EventProcessingOption",
            "org/kie/api/conf/KieBaseMutabilityOption", "org/kie/api/conf/EqualityBehaviorOption",
            "org/kie/api/conf/DeclarativeAgendaOption", "org/kie/api/runtime/conf/ClockTypeOption",
            "org/kie/api/conf/SequentialOption", "org/kie/api/runtime/conf/BeliefSystemTypeOption");

    /** Packages whose types are open in the same way (not their subpackages). */
    private static final Set<String> OPEN_PACKAGES = Set.of("java/time/", "java/time/format/",
            "java/time/temporal/", "java/util/function/", "io/gridalarm/rules/fact/");

    /**
     * The executable model's rule-definition DSL, with its subpackages: builders of rule descriptions that act on
     * nothing. What acts on the session ({@code Drools}) is closed below and opened member by member.
     */
    private static final String RULE_DSL = "org/drools/model/";

    /** Packages inside the DSL's tree that are not the DSL: the compiler that generates code. */
    private static final String CLOSED_IN_DSL = "org/drools/model/codegen/";

    /** Types rule code may not name even though their package is open: the time of the machine, not of the data. */
    private static final Set<String> CLOSED_TYPES = Set.of("java/time/Clock", "java/time/InstantSource",
            "org/drools/model/Drools", "org/drools/model/DroolsEntryPoint", "org/drools/model/Channel");

    /** Members no rule may call on any type: the way out to classes and modules, and the monitors. */
    private static final Set<String> DENIED_MEMBERS = Set.of("getClass", "getDeclaringClass",
            "describeConstable", "wait", "notify", "notifyAll", "finalize");

    /**
     * Members of open types that are not open: system properties read through the boxed types, a JVM-wide
     * default, and randomness and the machine's clock (a rule must give the same alarms on every replay, so it
     * takes time from its facts). Every {@code now} of {@code java.time} is closed as well.
     */
    private static final Set<String> DENIED_OPEN_MEMBERS = Set.of("java/lang/Integer.getInteger",
            "java/lang/Long.getLong", "java/lang/Boolean.getBoolean", "java/util/Locale.setDefault",
            "java/lang/Math.random");

    /** Single members of otherwise closed types that the generated code needs: facts in and out of the session. */
    private static final Set<String> OPEN_MEMBERS = Set.of(
            "org/drools/model/Drools.insert", "org/drools/model/Drools.delete", "org/drools/model/Drools.update",
            "org/drools/model/Drools.logicalInsert", "org/drools/model/DroolsEntryPoint.insert",
            "org/drools/model/DroolsEntryPoint.delete", "org/drools/model/DroolsEntryPoint.update",
            "org/drools/modelcompiler/consequence/DroolsImpl.asKnowledgeHelper",
            "org/drools/core/rule/consequence/KnowledgeHelper.getRule",
            "org/drools/core/rule/consequence/KnowledgeHelper.insert",
            "org/drools/core/rule/consequence/KnowledgeHelper.insertLogical",
            "org/drools/core/rule/consequence/KnowledgeHelper.delete",
            "org/drools/core/rule/consequence/KnowledgeHelper.update",
            "org/kie/api/runtime/rule/RuleContext.getRule", "org/kie/api/KieServices.get",
            "org/kie/api/KieServices.newKieModuleModel", "java/lang/System.arraycopy",
            "org/drools/util/DateUtils.getDateFormatMask");

    /** Drools' built-in accumulate functions (count, sum, min, ...), which generated code constructs. */
    private static final String ACCUMULATORS = "org/drools/core/base/accumulators/";

    /** Types named by the members above, which generated code casts to and declares. */
    private static final Set<String> NAMED_TYPES = Set.of("org/drools/model/Drools",
            "org/drools/model/DroolsEntryPoint", "org/drools/modelcompiler/consequence/DroolsImpl",
            "org/drools/core/rule/consequence/KnowledgeHelper", "org/kie/api/runtime/rule/RuleContext",
            "org/kie/api/KieServices");

    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final String STRING_CONCAT = "java/lang/invoke/StringConcatFactory.makeConcatWithConstants";
    private static final String RULE_DEFINITION = "org/drools/modelcompiler/dsl/pattern/D.rule";

    private CompiledRuleSandbox() {
    }

    /**
     * Every reference outside the allow-list, as {@code location: rule "name": reason}, where the location of a
     * generated class is found through the rule that uses it.
     *
     * @param classes   the generated classes by file name ({@code a/b/C.class})
     * @param locations {@code file:line} of each rule, function and declared type by its name in the DRL
     * @param fallback  where to point when a class belongs to no rule the DRL names
     * @param classPath the class loader the rules run with, whose classes no generated class may be named like
     */
    static List<String> check(Map<String, byte[]> classes, Map<String, String> locations, String fallback,
                              ClassLoader classPath) {
        Set<String> generated = new LinkedHashSet<>();
        Set<String> problems = new LinkedHashSet<>();
        for (String file : classes.keySet()) {
            String name = file.substring(0, file.length() - ".class".length());
            // A generated class named like one the job can already load would be skipped here as rule code, while
            // the running rules might get the other one: refuse it.
            if (classPath.getResource(file) != null) {
                problems.add(fallback + ": generated class " + name.replace('/', '.') + " has the name of a class "
                        + "outside the rule set, which rules may not take");
            } else {
                generated.add(name);
            }
        }
        Map<String, Set<String>> rulesUsing = new HashMap<>();
        List<Scan> scans = new ArrayList<>();
        for (byte[] bytes : new TreeMap<>(classes).values()) {
            Scan scan = new Scan(generated);
            new ClassReader(bytes).accept(scan, ClassReader.SKIP_FRAMES);
            scan.rulesByReferencedClass.forEach((cls, rules) ->
                    rulesUsing.computeIfAbsent(cls, k -> new LinkedHashSet<>()).addAll(rules));
            scans.add(scan);
        }
        for (Scan scan : scans) {
            for (Violation violation : scan.violations) {
                Set<String> rules = violation.rule() != null ? Set.of(violation.rule())
                        : rulesUsing.getOrDefault(scan.className, Set.of());
                problems.add(whereIs(scan.className, rules, locations, fallback) + "uses "
                        + violation.reached().replace('/', '.') + ", which rules may not reach: " + ALLOWED);
            }
        }
        return new ArrayList<>(problems);
    }

    /** A reference outside the allow-list, and the rule whose definition made it, when that is known. */
    private record Violation(String reached, String rule) {
    }

    private static String whereIs(String cls, Set<String> rules, Map<String, String> locations, String fallback) {
        if (!rules.isEmpty()) {
            String rule = rules.iterator().next();
            return locations.getOrDefault(rule, fallback) + ": rule \"" + rule + "\": ";
        }
        String simple = cls.substring(cls.lastIndexOf('/') + 1);
        for (Map.Entry<String, String> named : locations.entrySet()) {
            if (simple.equals(named.getKey()) || simple.equalsIgnoreCase(named.getKey())) {
                return named.getValue() + ": " + named.getKey() + ": ";
            }
        }
        return fallback + ": generated class " + cls.replace('/', '.') + ": ";
    }

    static boolean isOpenType(String internalName) {
        String type = elementType(internalName);
        if (type == null) {
            return true;
        }
        if (CLOSED_TYPES.contains(type) || type.startsWith(CLOSED_IN_DSL)) {
            return false;
        }
        String pkg = type.substring(0, type.lastIndexOf('/') + 1);
        return OPEN_TYPES.contains(type) || OPEN_PACKAGES.contains(pkg) || type.startsWith(RULE_DSL);
    }

    /** The class an array type holds, {@code null} for primitives and their arrays. */
    private static String elementType(String internalName) {
        if (!internalName.startsWith("[")) {
            return internalName;
        }
        Type element = Type.getType(internalName).getElementType();
        return element.getSort() == Type.OBJECT ? element.getInternalName() : null;
    }

    static boolean isOpenMember(String owner, String name) {
        if (OPEN_MEMBERS.contains(owner + "." + name)) {
            return true;
        }
        if (owner.startsWith(ACCUMULATORS) && owner.indexOf('/', ACCUMULATORS.length()) < 0
                && owner.endsWith("AccumulateFunction") && name.equals("<init>")) {
            return true;
        }
        return isOpenType(owner) && !DENIED_MEMBERS.contains(name) && !DENIED_OPEN_MEMBERS.contains(owner + "." + name)
                && !(owner.startsWith("java/time/") && name.equals("now"));
    }

    /** One class's references outside the allow-list, and which rule definitions name which generated classes. */
    private static final class Scan extends ClassVisitor {

        private final Set<String> generated;
        final List<Violation> violations = new ArrayList<>();
        final Map<String, Set<String>> rulesByReferencedClass = new LinkedHashMap<>();
        String className;
        /** Where the references being scanned go: the class's own list, or the current method's. */
        private Set<String> reached = new LinkedHashSet<>();

        Scan(Set<String> generated) {
            super(Opcodes.ASM9);
            this.generated = generated;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            className = name;
            if (superName != null) {
                supertype(superName);
            }
            for (String itf : interfaces) {
                supertype(itf);
            }
        }

        /** What a generated class inherits is called through the generated class, so it must be open itself. */
        private void supertype(String internalName) {
            if (!generated.contains(internalName) && !isOpenType(internalName)) {
                violations.add(new Violation(internalName, null));
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return new MethodScan();
        }

        private void type(String internalName) {
            String type = elementType(internalName);
            if (type != null && !generated.contains(type) && !isOpenType(type) && !NAMED_TYPES.contains(type)) {
                reached.add(type);
            }
        }

        private void member(String owner, String name) {
            String type = elementType(owner);
            if (type == null) {
                return;
            }
            // a generated class's own members are scanned where they are declared; what it inherits comes from
            // open types, so only the members no type may offer are left to refuse
            if (generated.contains(type) ? DENIED_MEMBERS.contains(name) : !isOpenMember(type, name)) {
                reached.add(type + "." + name);
            }
        }

        private void handle(Handle handle) {
            member(handle.getOwner(), handle.getName());
        }

        private void constant(Object value) {
            if (value instanceof Type type) {
                if (type.getSort() == Type.METHOD) {
                    for (Type argument : type.getArgumentTypes()) {
                        constant(argument);
                    }
                    constant(type.getReturnType());
                } else if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
                    type(type.getInternalName());
                }
            } else if (value instanceof Handle handle) {
                handle(handle);
            } else if (value instanceof ConstantDynamic dynamic) {
                reached.add("a dynamic constant (" + dynamic.getBootstrapMethod().getOwner() + "."
                        + dynamic.getBootstrapMethod().getName() + ")");
            }
        }

        /** One method body; in a rule definition, the two strings before {@code D.rule} are package and name. */
        private final class MethodScan extends MethodVisitor {

            private final List<String> strings = new ArrayList<>();
            private final Set<String> referenced = new LinkedHashSet<>();
            private String rule;

            MethodScan() {
                super(Opcodes.ASM9);
                reached = new LinkedHashSet<>();
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                type(type);
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                type(descriptor);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                member(owner, name);
                if (generated.contains(owner)) {
                    referenced.add(owner);
                }
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                        boolean isInterface) {
                member(owner, name);
                if ((owner + "." + name).equals(RULE_DEFINITION) && strings.size() >= 2) {
                    rule = strings.get(strings.size() - 1);
                }
                if (generated.contains(owner)) {
                    referenced.add(owner);
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                if (value instanceof String text) {
                    strings.add(text);
                } else {
                    constant(value);
                }
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                                               Object... arguments) {
                String method = bootstrap.getOwner() + "." + bootstrap.getName();
                if (!bootstrap.getOwner().equals(LAMBDA_METAFACTORY) && !method.equals(STRING_CONCAT)) {
                    reached.add(method);
                    return;
                }
                for (Object argument : arguments) {
                    constant(argument);
                }
            }

            @Override
            public void visitEnd() {
                reached.forEach(member -> violations.add(new Violation(member, rule)));
                if (rule != null) {
                    for (String cls : referenced) {
                        rulesByReferencedClass.computeIfAbsent(cls, k -> new LinkedHashSet<>()).add(rule);
                    }
                }
            }
        }
    }
}
