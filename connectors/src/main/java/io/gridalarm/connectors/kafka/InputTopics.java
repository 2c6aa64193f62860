package io.gridalarm.connectors.kafka;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * The topics the live job reads its inputs from: meter events, interval reads, and the service requests sent to the
 * DCC with their responses.
 */
public record InputTopics(String events, String reads, String requests, String responses) {

    public InputTopics {
        List<String> names = Arrays.asList(events, reads, requests, responses);
        if (names.stream().anyMatch(name -> name == null || name.isBlank())
                || new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("The event, read, request and response topics need four different "
                    + "names, not " + String.join(", ", String.valueOf(events), String.valueOf(reads),
                    String.valueOf(requests), String.valueOf(responses)) + ".");
        }
    }

    /** Every input topic. */
    public List<String> all() {
        return List.of(events, reads, requests, responses);
    }
}
