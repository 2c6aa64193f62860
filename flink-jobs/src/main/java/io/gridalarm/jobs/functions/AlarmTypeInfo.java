package io.gridalarm.jobs.functions;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.Json;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink type information for {@link Alarm}, serialized as its JSON: alarms carry free-form details (a map of
 * numbers, strings and lists) that Flink's POJO serializer cannot type, and JSON is their contract anyway.
 */
public final class AlarmTypeInfo extends TypeInformation<Alarm> {

    private static final long serialVersionUID = 1L;
    public static final AlarmTypeInfo INSTANCE = new AlarmTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Alarm> getTypeClass() {
        return Alarm.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Alarm> createSerializer(SerializerConfig config) {
        return AlarmSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "AlarmTypeInfo(JSON)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlarmTypeInfo;
    }

    @Override
    public int hashCode() {
        return AlarmTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof AlarmTypeInfo;
    }

    /** Writes an alarm as length-prefixed JSON bytes. */
    public static final class AlarmSerializer extends TypeSerializer<Alarm> {

        private static final long serialVersionUID = 1L;
        static final AlarmSerializer INSTANCE = new AlarmSerializer();

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public TypeSerializer<Alarm> duplicate() {
            return this;
        }

        @Override
        public Alarm createInstance() {
            return null;
        }

        @Override
        public Alarm copy(Alarm from) {
            return from;
        }

        @Override
        public Alarm copy(Alarm from, Alarm reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(Alarm alarm, DataOutputView target) throws IOException {
            byte[] bytes = Json.mapper().writeValueAsBytes(alarm);
            target.writeInt(bytes.length);
            target.write(bytes);
        }

        @Override
        public Alarm deserialize(DataInputView source) throws IOException {
            byte[] bytes = new byte[source.readInt()];
            source.readFully(bytes);
            return Json.mapper().readValue(bytes, Alarm.class);
        }

        @Override
        public Alarm deserialize(Alarm reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            int length = source.readInt();
            target.writeInt(length);
            target.write(source, length);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof AlarmSerializer;
        }

        @Override
        public int hashCode() {
            return AlarmSerializer.class.hashCode();
        }

        @Override
        public TypeSerializerSnapshot<Alarm> snapshotConfiguration() {
            return new AlarmSerializerSnapshot();
        }
    }

    /** Snapshot of the stateless alarm serializer. */
    public static final class AlarmSerializerSnapshot extends SimpleTypeSerializerSnapshot<Alarm> {
        public AlarmSerializerSnapshot() {
            super(() -> AlarmSerializer.INSTANCE);
        }
    }
}
