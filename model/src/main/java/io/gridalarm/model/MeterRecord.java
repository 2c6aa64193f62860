package io.gridalarm.model;

import java.time.Instant;
import java.util.Comparator;

/**
 * A validated event, interval read or service message (a request sent to the DCC for the meter, or its response)
 * together with the registry row valid at its time: the unit the rules see. Exactly one of {@code event},
 * {@code read} and {@code service} is set; {@code receivedAt}, when the line said when it reached the
 * system (as exported from the topics), lets a replay reproduce what a live job did with it. On a live job's way
 * to the rules a third kind travels among a location's reads: {@code readsThrough}, set alone, says that the
 * fleet's reads have arrived through that instant and none of the location's since its latest, so its meters can
 * be judged silent though no neighbour's read shows it. A fourth kind, {@code registry} set alone, tells the
 * meter's network location its registry history (no rows: the meter has left the location or the registry); it
 * comes before the location's events and reads, at {@link #REGISTRY_TIME}. {@code above} is what the network file
 * puts above the meter's substation (HV feeder, primary, ...), as the network join found it: it decides the
 * record's network location ({@link NetworkLocation#keyOf(MeterRecord)}).
 */
public record MeterRecord(MeterEvent event, IntervalRead read, ServiceMessage service, RegistryRow meter,
                          Instant receivedAt, Instant readsThrough, MeterHistory registry, NetworkPath above) {

    /**
     * The event time of registry news: before every event and read, so a sorted replay sees it first (and just
     * after {@link #NETWORK_TIME}, so that the network join knows a substation's place before its meters).
     */
    public static final Instant REGISTRY_TIME = Instant.ofEpochMilli(Long.MIN_VALUE + 1);
    /** The event time of a network asset's place in a bounded run: before everything else. */
    public static final Instant NETWORK_TIME = Instant.ofEpochMilli(Long.MIN_VALUE);

    public MeterRecord {
        if ((event != null ? 1 : 0) + (read != null ? 1 : 0) + (service != null ? 1 : 0)
                + (readsThrough != null ? 1 : 0) + (registry != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("A meter record holds exactly one of an event, a read, a service "
                    + "message, the reads' progress and registry news.");
        }
        if (meter == null) {
            throw new IllegalArgumentException("A meter record needs the registry row valid at its time.");
        }
        String ownId = event != null ? event.meterId() : read != null ? read.meterId()
                : service != null ? service.meterId() : registry != null ? registry.meterId() : meter.meterId();
        if (!ownId.equals(meter.meterId())) {
            throw new IllegalArgumentException("The record is about meter " + ownId + " but its registry row is for "
                    + meter.meterId() + ".");
        }
        above = above == null ? NetworkPath.NONE : above;
    }

    public static MeterRecord of(MeterEvent event, RegistryRow meter) {
        return new MeterRecord(event, null, null, meter, null, null, null, null);
    }

    public static MeterRecord of(IntervalRead read, RegistryRow meter) {
        return new MeterRecord(null, read, null, meter, null, null, null, null);
    }

    public static MeterRecord of(ServiceMessage service, RegistryRow meter) {
        return new MeterRecord(null, null, service, meter, null, null, null, null);
    }

    /**
     * The fleet's reads have arrived through the instant and none of this meter's network location since its
     * latest read ({@code meter}: any meter of the location, for its key).
     */
    public static MeterRecord readsThrough(RegistryRow meter, Instant through) {
        return new MeterRecord(null, null, null, meter, null, through, null, null);
    }

    /**
     * The meter's registry history as its network location keeps it ({@code meter}: its latest row in that
     * location, for the key; {@code history} without rows when it has left the location or the registry).
     */
    public static MeterRecord registry(RegistryRow meter, MeterHistory history) {
        return new MeterRecord(null, null, null, meter, null, null, history, null);
    }

    /** The same record, said to have reached the system at the instant (null: not said). */
    public MeterRecord withReceivedAt(Instant instant) {
        return new MeterRecord(event, read, service, meter, instant, readsThrough, registry, above);
    }

    /** The same record, with what the network puts above the meter's substation. */
    public MeterRecord withAbove(NetworkPath path) {
        return new MeterRecord(event, read, service, meter, receivedAt, readsThrough, registry, path);
    }

    /** The meter's whole way up the tree: its feeder, its substation, then {@code above}. */
    public NetworkPath path() {
        return NetworkPath.of(meter.feederId(), meter.substationId(), above);
    }

    public String meterId() {
        return meter.meterId();
    }

    public boolean isEvent() {
        return event != null;
    }

    /** True for a service request or response. */
    public boolean isService() {
        return service != null;
    }

    /**
     * True for what arrives within seconds and moves the alerts' clock: events and service messages (reads, and what
     * travels with them, come on the reads' own clock).
     */
    public boolean onAlertsClock() {
        return event != null || service != null;
    }

    /** True for registry news ({@link #registry(RegistryRow, MeterHistory)}). */
    public boolean isRegistry() {
        return registry != null;
    }

    /** True for the reads' progress ({@link #readsThrough(RegistryRow, Instant)}), neither an event nor a read. */
    public boolean isReadsProgress() {
        return readsThrough != null;
    }

    /**
     * Event time: when the event happened, when the read's interval ended, when the service message was sent, how
     * far the reads have come, or for registry news {@link #REGISTRY_TIME}.
     */
    public Instant time() {
        return event != null ? event.time() : read != null ? read.end() : service != null ? service.time()
                : readsThrough != null ? readsThrough : REGISTRY_TIME;
    }

    /**
     * A total order for records at the same instant (by meter; requests, then events, then responses, then reads,
     * the reads' progress last; then by event or request id, or by start and length), so that rules see ties in the
     * same order whatever order they arrived in. Records that compare equal are one record delivered twice.
     */
    public static final Comparator<MeterRecord> TIE_ORDER = Comparator
            .comparing(MeterRecord::meterId)
            .thenComparingInt(MeterRecord::tieRank)
            .thenComparing(r -> r.isEvent() ? r.event().eventId() : r.isService() ? r.service().requestId() : "")
            .thenComparing(r -> r.service() instanceof ServiceResponse response ? response.outcome() : "")
            .thenComparingLong(r -> r.read() == null ? 0L : r.read().start().getEpochSecond())
            .thenComparingInt(r -> r.read() == null ? 0 : r.read().minutes());

    /** A request is evaluated before what its meter reports at the same instant, and the response after. */
    private static int tieRank(MeterRecord r) {
        if (r.service() != null) {
            return r.service() instanceof ServiceRequest ? 0 : 2;
        }
        return r.isEvent() ? 1 : r.read() != null ? 3 : r.isReadsProgress() ? 4 : 5;
    }
}
