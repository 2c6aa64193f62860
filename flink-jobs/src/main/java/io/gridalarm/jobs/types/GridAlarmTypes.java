package io.gridalarm.jobs.types;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.rules.RollUpState;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** The Flink types of the values that cross operators or live in state. */
public final class GridAlarmTypes {

    public static final TypeInformation<Alarm> ALARM = new CodecTypeInfo<>(new AlarmJsonCodec());
    public static final TypeInformation<MeterRecord> METER_RECORD = new CodecTypeInfo<>(new MeterRecordCodec());
    public static final TypeInformation<RollUpState> ROLL_UP_STATE = new CodecTypeInfo<>(new RollUpStateCodec());

    private GridAlarmTypes() {
    }
}
