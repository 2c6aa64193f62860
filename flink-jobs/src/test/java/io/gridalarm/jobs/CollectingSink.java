package io.gridalarm.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink for tests on the embedded MiniCluster (which runs in the test's JVM): every subtask adds what it receives
 * to one list the test reads after the job ends. Each instance has its own list.
 */
final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<Object>> RECEIVED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    CollectingSink() {
        RECEIVED.put(id, new ConcurrentLinkedQueue<>());
    }

    /** Everything received so far. */
    @SuppressWarnings("unchecked")
    List<T> received() {
        List<T> all = new ArrayList<>();
        RECEIVED.get(id).forEach(value -> all.add((T) value));
        return all;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Queue<Object> into = RECEIVED.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context writeContext) {
                into.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
