package io.gridalarm.jobs.types;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.Json;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Alarms as length-prefixed JSON: their free-form details (numbers, strings, lists) are beyond Flink's POJO
 * serializer, and JSON is their contract anyway.
 */
public final class AlarmJsonCodec implements ValueCodec<Alarm> {

    private static final long serialVersionUID = 1L;

    @Override
    public Class<Alarm> type() {
        return Alarm.class;
    }

    @Override
    public void write(Alarm alarm, DataOutputView out) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(alarm);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public Alarm read(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return Json.mapper().readValue(bytes, Alarm.class);
    }
}
