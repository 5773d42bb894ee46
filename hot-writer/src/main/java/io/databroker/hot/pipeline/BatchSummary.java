package io.databroker.hot.pipeline;

/**
 * What one poll batch came to; every record is in exactly one of indexed, dead-lettered or skipped.
 *
 * @param records      records in the batch
 * @param indexed      documents stored
 * @param deadLettered records sent to the dead-letter queue (malformed, schema violation, rejected by Elasticsearch)
 * @param skipped      valid documents outside the hot window
 * @param requests     bulk requests sent, retries included
 * @param retries      retry rounds the bulk write needed
 */
public record BatchSummary(int records, int indexed, int deadLettered, int skipped, int requests, int retries) {
}
