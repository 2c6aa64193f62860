package io.gridalarm.connectors.kafka;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kafka client settings for a SASL/SCRAM principal: made, written as a ready client file, and read back. */
public final class ScramClients {

    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final Pattern PASSWORD = Pattern.compile("password=\"([^\"]*)\"");

    private ScramClients() {
    }

    /** The JAAS line a client or the broker logs in with. */
    public static String jaasLine(String user, String password) {
        return LOGIN_MODULE + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** The transport of a listener without TLS. */
    public static final Map<String, String> PLAIN_TRANSPORT = Map.of("security.protocol", "SASL_PLAINTEXT");

    /** The client settings of a SCRAM principal on a SASL_PLAINTEXT listener. */
    public static Map<String, String> settings(String user, String password) {
        return settings(user, password, PLAIN_TRANSPORT);
    }

    /**
     * The client settings of a SCRAM principal: the listener's transport ({@code security.protocol} and, for TLS,
     * the trust store), the mechanism and the principal's login.
     */
    public static Map<String, String> settings(String user, String password, Map<String, String> transport) {
        Map<String, String> settings = new TreeMap<>(transport);
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", jaasLine(user, password));
        return settings;
    }

    /** The transport part of a principal's settings (everything but its login), to hand on to other principals. */
    public static Map<String, String> transportOf(Map<String, String> settings) {
        Map<String, String> transport = new TreeMap<>(settings);
        transport.remove("sasl.mechanism");
        transport.remove("sasl.jaas.config");
        transport.putIfAbsent("security.protocol", "SASL_PLAINTEXT");
        return transport;
    }

    /** The password in a principal's client settings, or null when they hold none. */
    public static String passwordOf(Map<String, String> settings) {
        String jaas = settings.get("sasl.jaas.config");
        Matcher m = jaas == null ? null : PASSWORD.matcher(jaas);
        return m != null && m.find() ? m.group(1) : null;
    }
}
