package io.gridalarm.jobs.types;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.MeterRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** The Flink types of the values that cross operators or live in state. */
public final class GridAlarmTypes {

    public static final TypeInformation<Alarm> ALARM = new CodecTypeInfo<>(new AlarmJsonCodec());
    public static final TypeInformation<MeterRecord> METER_RECORD = new CodecTypeInfo<>(new MeterRecordCodec());

    private GridAlarmTypes() {
    }
}
