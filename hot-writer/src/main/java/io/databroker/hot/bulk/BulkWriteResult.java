package io.databroker.hot.bulk;

import java.util.List;

/**
 * The outcome of {@link BulkDocumentWriter#write}: every document not listed in {@code rejections} is stored.
 *
 * @param rejections documents Elasticsearch refused for good, by position
 * @param requests   bulk requests sent, retries included
 * @param retries    retry rounds needed
 */
public record BulkWriteResult(List<DocumentRejection> rejections, int requests, int retries) {

    public BulkWriteResult {
        rejections = List.copyOf(rejections);
    }
}
