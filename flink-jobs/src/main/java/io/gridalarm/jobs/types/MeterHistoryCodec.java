package io.gridalarm.jobs.types;

import io.gridalarm.model.Fuel;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.RegistryRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A meter's registry history in binary form, its id written once for all its rows (state of every meter). */
public final class MeterHistoryCodec implements ValueCodec<MeterHistory> {

    private static final long serialVersionUID = 1L;
    private static final Fuel[] FUELS = Fuel.values();

    @Override
    public Class<MeterHistory> type() {
        return MeterHistory.class;
    }

    @Override
    public void write(MeterHistory history, DataOutputView out) throws IOException {
        out.writeUTF(history.meterId());
        writeRows(history.rows(), out);
    }

    @Override
    public MeterHistory read(DataInputView in) throws IOException {
        String meterId = in.readUTF();
        return new MeterHistory(meterId, readRows(meterId, in));
    }

    /** Rows of one meter, without its id. */
    static void writeRows(List<RegistryRow> rows, DataOutputView out) throws IOException {
        out.writeInt(rows.size());
        for (RegistryRow row : rows) {
            out.writeByte(row.fuel().ordinal());
            MeterRecordCodec.writeNullable(row.feederId(), out);
            MeterRecordCodec.writeNullable(row.substationId(), out);
            out.writeUTF(row.networkOperator());
            out.writeUTF(row.supplier());
            MeterRecordCodec.writeInstant(row.validFrom(), out);
        }
    }

    /** Rows of the meter, as {@link #writeRows} wrote them. */
    static List<RegistryRow> readRows(String meterId, DataInputView in) throws IOException {
        int count = in.readInt();
        List<RegistryRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new RegistryRow(meterId, FUELS[in.readByte()], MeterRecordCodec.readNullable(in),
                    MeterRecordCodec.readNullable(in), in.readUTF(), in.readUTF(), MeterRecordCodec.readInstant(in)));
        }
        return rows;
    }
}
