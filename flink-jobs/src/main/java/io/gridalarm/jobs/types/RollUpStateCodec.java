package io.gridalarm.jobs.types;

import io.gridalarm.rules.RollUpState;

/** A location's outage roll-up state as JSON: it holds alarms, whose details only JSON can type. */
public final class RollUpStateCodec extends JsonCodec<RollUpState> {

    private static final long serialVersionUID = 1L;

    public RollUpStateCodec() {
        super(RollUpState.class);
    }
}
