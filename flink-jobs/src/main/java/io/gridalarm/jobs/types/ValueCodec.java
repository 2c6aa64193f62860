package io.gridalarm.jobs.types;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes and reads one immutable value type for Flink. Implementations need a public no-argument constructor,
 * so a savepoint can restore them by class name.
 */
public interface ValueCodec<T> extends Serializable {

    Class<T> type();

    void write(T value, DataOutputView out) throws IOException;

    T read(DataInputView in) throws IOException;
}
