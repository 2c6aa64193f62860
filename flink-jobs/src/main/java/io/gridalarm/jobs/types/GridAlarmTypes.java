package io.gridalarm.jobs.types;

import io.gridalarm.connectors.influx.InfluxPoint;
import io.gridalarm.jobs.functions.CommandWindow;
import io.gridalarm.jobs.functions.ControlMessage;
import io.gridalarm.jobs.functions.Deadlines;
import io.gridalarm.jobs.functions.FeederVoltage;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AssetPlace;
import io.gridalarm.model.MeterHistory;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.NetworkPath;
import io.gridalarm.model.ParsedInput;
import io.gridalarm.rules.RollUpDue;
import io.gridalarm.rules.RollUpState;
import io.gridalarm.rules.SwitchingState;
import io.gridalarm.rules.VoltageRollUpState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The Flink types of the values that cross operators or live in state. */
public final class GridAlarmTypes {

    public static final TypeInformation<Alarm> ALARM = new CodecTypeInfo<>(new AlarmJsonCodec());
    public static final TypeInformation<MeterRecord> METER_RECORD = new CodecTypeInfo<>(new MeterRecordCodec());
    public static final TypeInformation<ParsedInput> PARSED_INPUT = new CodecTypeInfo<>(new ParsedInputCodec());
    public static final TypeInformation<MeterHistory> METER_HISTORY = new CodecTypeInfo<>(new MeterHistoryCodec());
    public static final TypeInformation<RollUpState> ROLL_UP_STATE = new CodecTypeInfo<>(new RollUpStateCodec());
    public static final TypeInformation<RollUpDue> ROLL_UP_DUE = new CodecTypeInfo<>(new RollUpDueCodec());
    public static final TypeInformation<VoltageRollUpState> VOLTAGE_STATE =
            new CodecTypeInfo<>(new VoltageStateCodec());

    public static final TypeInformation<Deadlines> DEADLINES = new CodecTypeInfo<>(new DeadlinesCodec());

    public static final TypeInformation<CommandWindow> COMMAND_WINDOW = new CodecTypeInfo<>(new CommandWindowCodec());

    public static final TypeInformation<SwitchingState> SWITCHING_STATE =
            new CodecTypeInfo<>(new SwitchingStateCodec());

    public static final TypeInformation<NetworkPath> NETWORK_PATH = new CodecTypeInfo<>(new NetworkPathCodec());
    public static final TypeInformation<AssetPlace> ASSET_PLACE = new CodecTypeInfo<>(new AssetPlaceCodec());

    public static final TypeInformation<InfluxPoint> INFLUX_POINT = new CodecTypeInfo<>(new InfluxPointCodec());
    public static final TypeInformation<FeederVoltage.Stats> VOLTAGE_STATS =
            new CodecTypeInfo<>(new VoltageStatsCodec());

    public static final TypeInformation<ControlMessage> CONTROL =
            new CodecTypeInfo<>(new ControlCodec());

    /** Control messages of the rule operator as JSON. */
    static final class ControlCodec extends JsonCodec<ControlMessage> {
        private static final long serialVersionUID = 1L;

        ControlCodec() {
            super(ControlMessage.class);
        }
    }

    /** What a location's roll-up has due as JSON (two instants). */
    static final class RollUpDueCodec extends JsonCodec<RollUpDue> {
        private static final long serialVersionUID = 1L;

        RollUpDueCodec() {
            super(RollUpDue.class);
        }
    }

    /** A location's voltage roll-up as JSON (rare and small: excursions, not the fleet). */
    static final class VoltageStateCodec extends JsonCodec<VoltageRollUpState> {
        private static final long serialVersionUID = 1L;

        VoltageStateCodec() {
            super(VoltageRollUpState.class);
        }
    }

    /** A counter's critical commands within its window as JSON (a user's: few; the fleet's: one per key). */
    static final class CommandWindowCodec extends JsonCodec<CommandWindow> {
        private static final long serialVersionUID = 1L;

        CommandWindowCodec() {
            super(CommandWindow.class);
        }
    }

    /** A location's meters switched within the switching window as JSON (rare: only where supply is switched). */
    static final class SwitchingStateCodec extends JsonCodec<SwitchingState> {
        private static final long serialVersionUID = 1L;

        SwitchingStateCodec() {
            super(SwitchingState.class);
        }
    }

    /** The assets above a point of the network as JSON. */
    static final class NetworkPathCodec extends JsonCodec<NetworkPath> {
        private static final long serialVersionUID = 1L;

        NetworkPathCodec() {
            super(NetworkPath.class);
        }
    }

    /** An asset's place in the network as JSON. */
    static final class AssetPlaceCodec extends JsonCodec<AssetPlace> {
        private static final long serialVersionUID = 1L;

        AssetPlaceCodec() {
            super(AssetPlace.class);
        }
    }

    /** InfluxDB points as JSON (fields keep their number types through Jackson's untyped map). */
    static final class InfluxPointCodec extends JsonCodec<InfluxPoint> {
        private static final long serialVersionUID = 1L;

        InfluxPointCodec() {
            super(InfluxPoint.class);
        }
    }

    /** Window accumulators of feeder voltage as JSON. */
    static final class VoltageStatsCodec extends JsonCodec<FeederVoltage.Stats> {
        private static final long serialVersionUID = 1L;

        VoltageStatsCodec() {
            super(FeederVoltage.Stats.class);
        }
    }

    /** A location's deadlines in binary form, each instant and meter (in a storm a location waits on thousands). */
    static final class DeadlinesCodec implements ValueCodec<Deadlines> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<Deadlines> type() {
            return Deadlines.class;
        }

        @Override
        public void write(Deadlines deadlines, DataOutputView out) throws IOException {
            List<Deadlines.Deadline> entries = deadlines.entries();
            out.writeInt(entries.size());
            for (Deadlines.Deadline deadline : entries) {
                out.writeLong(deadline.time());
                out.writeUTF(deadline.meterId());
            }
        }

        @Override
        public Deadlines read(DataInputView in) throws IOException {
            int count = in.readInt();
            List<Deadlines.Deadline> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                entries.add(new Deadlines.Deadline(in.readLong(), in.readUTF()));
            }
            return Deadlines.inTimeOrder(entries);
        }
    }

    private GridAlarmTypes() {
    }
}
