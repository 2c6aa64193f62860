package io.gridalarm.connectors.kafka;

import io.gridalarm.model.AssetPlace;
import io.gridalarm.model.Changelogs;
import io.gridalarm.model.InputException;
import io.gridalarm.model.MeterHistory;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * A compacted changelog topic the job reads (the registry, the network): what its records are called in logs, how a
 * value is read under its key (a tombstone's value is null), and the Flink type of what it gives.
 */
public record Changelog<T>(String name, Reader<T> reader, TypeInformation<T> type) implements Serializable {

    /** Reads one record's value under its key. */
    @FunctionalInterface
    public interface Reader<T> extends Serializable {
        T read(String key, byte[] value) throws InputException;
    }

    /** The registry: each meter's whole history under its id, a tombstone its removal. */
    public static Changelog<MeterHistory> registry(TypeInformation<MeterHistory> type) {
        return new Changelog<>("registry", Changelogs::meterHistory, type);
    }

    /** The network: each asset and what is above it under its id, a tombstone its removal. */
    public static Changelog<AssetPlace> network(TypeInformation<AssetPlace> type) {
        return new Changelog<>("network", Changelogs::assetPlace, type);
    }
}
