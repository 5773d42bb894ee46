package io.databroker.shared.deadletter;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;

/**
 * The error headers of a dead letter. The {@code __connect.errors.*} names are Kafka Connect's
 * ({@code org.apache.kafka.connect.runtime.errors.DeadLetterQueueReporter}), so existing DLQ tooling reads ours.
 */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "__connect.errors.topic";
    public static final String ORIGINAL_PARTITION = "__connect.errors.partition";
    public static final String ORIGINAL_OFFSET = "__connect.errors.offset";
    public static final String EXCEPTION_CLASS = "__connect.errors.exception.class.name";
    public static final String EXCEPTION_MESSAGE = "__connect.errors.exception.message";
    /** {@code <service>/<step>} that rejected the record, e.g. {@code enrich-service/validate}. */
    public static final String STAGE = "broker.errors.stage";
    /** The {@link DeadLetterReason} tag. */
    public static final String REASON = "broker.errors.reason";

    /** Error messages are capped so that a huge parser message cannot make the dead letter itself too large. */
    static final int MAX_MESSAGE_CHARS = 4_000;

    private DeadLetterHeaders() {
    }

    /** Adds the error headers to {@code headers} (the original record's headers are kept alongside). */
    public static void add(Headers headers, String topic, int partition, long offset, String stage,
                           DeadLetterReason reason, Throwable error) {
        replace(headers, ORIGINAL_TOPIC, topic);
        replace(headers, ORIGINAL_PARTITION, Integer.toString(partition));
        replace(headers, ORIGINAL_OFFSET, Long.toString(offset));
        replace(headers, EXCEPTION_CLASS, error.getClass().getName());
        replace(headers, EXCEPTION_MESSAGE, truncate(String.valueOf(error.getMessage())));
        replace(headers, STAGE, stage);
        replace(headers, REASON, reason.tag());
    }

    private static void replace(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
