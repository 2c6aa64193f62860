package io.gridalarm.jobs.live;

import io.gridalarm.connectors.kafka.KafkaClientConfig;
import io.gridalarm.model.Json;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.ServiceResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plays the DCC adapter and the DCC for the job's requests: reads each request the job sends (committed ones only),
 * records it on the service-requests topic as the adapter does, and answers it on the service-responses topic with
 * the outcome the test chooses for its meter, a set time after it was sent.
 */
final class DccResponder implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private final List<ServiceRequest> answered = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile Throwable failure;

    DccResponder(KafkaClientConfig client, String dccRequests, String requests, String responses,
                 Function<String, String> outcomeOfMeter, Duration answerAfter) {
        consumer = new KafkaConsumer<>(client.clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG,
                "dcc-responder-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(client.clientConfig(Map.of()), new ByteArraySerializer(),
                new ByteArraySerializer());
        consumer.subscribe(List.of(dccRequests));
        thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        ServiceRequest request = Json.mapper().readValue(record.value(), ServiceRequest.class);
                        ServiceResponse response = new ServiceResponse(request.requestId(), request.meterId(),
                                outcomeOfMeter.apply(request.meterId()), request.time().plus(answerAfter));
                        byte[] key = request.meterId().getBytes(StandardCharsets.UTF_8);
                        producer.send(new ProducerRecord<>(requests, key, record.value())).get();
                        producer.send(new ProducerRecord<>(responses, key, Json.line(response)
                                .getBytes(StandardCharsets.UTF_8))).get();
                        answered.add(request);
                    }
                }
            } catch (Exception | Error e) {
                failure = e;
            }
        }, "dcc-responder");
        thread.start();
    }

    /** The requests answered so far, in the order they came. */
    List<ServiceRequest> answered() {
        if (failure != null) {
            throw new IllegalStateException("The test responder failed: " + failure, failure);
        }
        return List.copyOf(answered);
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(10_000);
        consumer.close();
        producer.close();
    }
}
