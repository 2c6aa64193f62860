package io.gridalarm.jobs.types;

import java.io.IOException;
import java.lang.reflect.Constructor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Remembers which codec wrote a state, by class name; the same codec class reads it back as is. */
public final class CodecSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int VERSION = 1;
    private ValueCodec<T> codec;

    /** For restoring from a snapshot. */
    public CodecSerializerSnapshot() {
    }

    CodecSerializerSnapshot(ValueCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(codec.getClass().getName());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        String name = in.readUTF();
        try {
            Class<?> type = Class.forName(name, false, classLoader);
            if (!ValueCodec.class.isAssignableFrom(type)) {
                throw new IOException("A saved state names " + name + " as its codec, which is not a codec.");
            }
            // The codecs are package-private: reach their no-argument constructor whatever its visibility.
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            codec = (ValueCodec<T>) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IOException("Cannot restore the codec " + name + " of a saved state: " + e.getMessage(), e);
        }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        return new CodecSerializer<>(codec);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        return oldSnapshot instanceof CodecSerializerSnapshot<T> old && old.codec.getClass() == codec.getClass()
                ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
