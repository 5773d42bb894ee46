package io.databroker.ingest.arxiv.metadata;

import java.time.Instant;

/**
 * One version of a paper as {@code arXivRaw} lists it ({@code <version version="v2"><date>…</date>}).
 *
 * @param number    1 for v1
 * @param submitted exact submission time, or null when the date did not parse
 * @param size      as arXiv gives it, e.g. {@code 853kb}
 */
public record ArxivVersion(int number, Instant submitted, String size) {
}
