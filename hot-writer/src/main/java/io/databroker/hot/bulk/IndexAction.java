package io.databroker.hot.bulk;

/**
 * One index operation: the document's JSON bytes, sent as they came from Kafka (no re-serialisation), under
 * {@code _id} = {@code id} in {@code index}.
 */
public record IndexAction(String index, String id, byte[] document) {
}
