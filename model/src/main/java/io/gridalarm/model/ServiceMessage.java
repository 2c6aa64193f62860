package io.gridalarm.model;

import java.time.Instant;

/** A service request sent to the DCC for a meter, or the DCC's response to one: the supply-control input. */
public sealed interface ServiceMessage permits ServiceRequest, ServiceResponse {

    /** The request this message is, or answers. */
    String requestId();

    String meterId();

    /** When the request was sent, or when the response came. */
    Instant time();
}
