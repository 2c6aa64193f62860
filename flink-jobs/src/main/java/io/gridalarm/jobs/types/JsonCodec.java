package io.gridalarm.jobs.types;

import io.gridalarm.model.Json;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A value written as length-prefixed JSON with the project's one Jackson configuration. */
public abstract class JsonCodec<T> implements ValueCodec<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    protected JsonCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    public void write(T value, DataOutputView out) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(value);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public T read(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return Json.mapper().readValue(bytes, type);
    }
}
