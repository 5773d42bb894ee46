package io.databroker.storeops.verify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.JacksonException;

import io.databroker.shared.json.Json;

/**
 * Reads the ids of an enriched topic per {@code event_date}, from the beginning to the end it has when the read
 * starts, outside any consumer group and {@code read_committed}. The topic covers a day only if nothing of it can
 * have been deleted by retention: every partition still starts at offset 0, or the day starts at or after the oldest
 * record a partition that lost records still holds (a document's record is never older than its event).
 */
public final class TopicIds {

    private static final Duration POLL = Duration.ofMillis(500);

    private TopicIds() {
    }

    /**
     * What the topic holds.
     *
     * @param ids        per day, within coverage
     * @param unsettled  ids of records appended at or after the settle cutoff: the writers may not have them yet,
     *                   so they are left out of the comparison everywhere
     * @param unreadable records without a usable {@code id}/{@code event_date} (the writers dead-letter those)
     */
    public record Result(DayIds ids, Set<String> unsettled, long unreadable) {
    }

    public static Result read(Consumer<byte[], byte[]> consumer, String topic, Set<LocalDate> days,
                              Instant settleCutoff) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<TopicPartition> open = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            if (beginning.get(partition) < end.get(partition)) {
                open.add(partition);
            }
        }
        Map<TopicPartition, Long> firstTimestamp = new HashMap<>();
        Map<LocalDate, Set<String>> byDay = new HashMap<>();
        Set<String> unsettled = new HashSet<>();
        long unreadable = 0;
        consumer.assign(open);
        open.forEach(partition -> consumer.seek(partition, beginning.get(partition)));
        while (!open.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                firstTimestamp.putIfAbsent(partition, record.timestamp());
                if (record.offset() >= end.get(partition)) {
                    continue;
                }
                IdAndDay key = IdAndDay.of(record);
                if (key == null) {
                    unreadable++;
                    continue;
                }
                if (record.timestamp() >= settleCutoff.toEpochMilli()) {
                    unsettled.add(key.id());
                } else if (days.contains(key.day())) {
                    byDay.computeIfAbsent(key.day(), d -> new HashSet<>()).add(key.id());
                }
            }
            List<TopicPartition> finished = open.stream()
                    .filter(partition -> consumer.position(partition) >= end.get(partition)).toList();
            // paused rather than unassigned: no fetch of theirs is left in flight to be warned about
            consumer.pause(finished);
            open.removeAll(finished);
        }
        Instant coveredFrom = Instant.EPOCH;
        for (TopicPartition partition : partitions) {
            if (beginning.get(partition) > 0) {
                // Records were deleted here: only days from its oldest remaining record on are complete. A
                // partition emptied by retention tells nothing about when: then nothing is covered.
                Long first = firstTimestamp.get(partition);
                Instant from = first == null ? Instant.MAX : Instant.ofEpochMilli(first);
                coveredFrom = from.isAfter(coveredFrom) ? from : coveredFrom;
            }
        }
        Instant from = coveredFrom;
        DayIds ids = new DayIds(day -> !day.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(from));
        byDay.forEach((day, set) -> set.forEach(id -> ids.add(day, id)));
        return new Result(ids, unsettled, unreadable);
    }

    /** The document id (the record key, else the {@code id} field) and {@code event_date}, parsed by streaming. */
    record IdAndDay(String id, LocalDate day) {

        static IdAndDay of(ConsumerRecord<byte[], byte[]> record) {
            if (record.value() == null) {
                return null;
            }
            String id = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            String day = null;
            try (JsonParser parser = Json.mapper().createParser(record.value())) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (parser.nextToken() == JsonToken.PROPERTY_NAME && (day == null || id == null)) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("event_date".equals(name) && value == JsonToken.VALUE_STRING) {
                        day = parser.getString();
                    } else if ("id".equals(name) && value == JsonToken.VALUE_STRING && id == null) {
                        id = parser.getString();
                    } else {
                        parser.skipChildren();
                    }
                }
                return id == null || day == null ? null : new IdAndDay(id, LocalDate.parse(day));
            } catch (JacksonException | java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }
}
