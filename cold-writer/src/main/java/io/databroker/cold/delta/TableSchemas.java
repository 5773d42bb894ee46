package io.databroker.cold.delta;

import java.util.List;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;

import io.databroker.shared.topic.Source;

/**
 * The column layout of each {@code <source>_historical} table: the canonical document of docs/documents.md, one
 * column per field with the same name and the Delta type that document's table gives it. Changing a table here only affects tables created afterwards; existing
 * tables keep the schema in their log (and {@link DeltaTableWriter} refuses to write to an incompatible one).
 */
public final class TableSchemas {

    public static final String ID = "id";
    public static final String SOURCE = "source";
    public static final String EVENT_TIME = "event_time";
    /** The partition column: UTC date of {@code event_time}. */
    public static final String EVENT_DATE = "event_date";
    /**
     * Top-level document fields the table has no column for, as one JSON object (null when there are none), so a
     * field added upstream is kept rather than dropped until the table gains a column for it.
     */
    public static final String EXTRA = "extra";

    /** The GitHub event payload: a JSON object in the document, its JSON text, as it arrived, in the table. */
    public static final String GITHUB_PAYLOAD = "payload";

    public static final List<String> PARTITION_COLUMNS = List.of(EVENT_DATE);

    private static final DataType STRING = StringType.STRING;
    private static final DataType TIMESTAMP = TimestampType.TIMESTAMP;
    private static final DataType STRINGS = new ArrayType(StringType.STRING, true);

    /** {@code linked_papers: [{id, title, primary_category}]} (ARCHITECTURE §5, paper mentions). */
    private static final DataType LINKED_PAPERS = new ArrayType(new StructType()
            .add("id", STRING)
            .add("title", STRING)
            .add("primary_category", STRING), true);

    /** {@code domains: [{name, first_seen, resolves_to}]} (ARCHITECTURE §5, domain intelligence). */
    private static final DataType DOMAINS = new ArrayType(new StructType()
            .add("name", STRING)
            .add("first_seen", TIMESTAMP)
            .add("resolves_to", STRINGS), true);

    private TableSchemas() {
    }

    /** The full schema of {@code source}'s table, common columns first and {@link #EXTRA} last. */
    public static StructType of(Source source) {
        StructType schema = common();
        schema = switch (source) {
            case NEWS -> news(schema);
            case ARXIV -> arxiv(schema);
            case GITHUB -> github(schema);
            case DNS -> dns(schema);
        };
        return schema.add(EXTRA, STRING);
    }

    /** Fields every source has (docs/documents.md, "Fields every source has"). */
    private static StructType common() {
        return new StructType()
                .add(ID, STRING, false)
                .add(SOURCE, STRING, false)
                .add(EVENT_TIME, TIMESTAMP, false)
                .add(EVENT_DATE, DateType.DATE, false)
                .add("ingested_at", TIMESTAMP)
                .add("enriched_at", TIMESTAMP);
    }

    /** docs/documents.md "news", field for field, then the entities and joins. */
    private static StructType news(StructType schema) {
        schema = schema
                .add("feed_url", STRING)
                .add("source_name", STRING)
                .add("title", STRING)
                .add("link", STRING)
                .add("authors", STRINGS)
                .add("published", TIMESTAMP)
                .add("updated", TIMESTAMP)
                .add("summary", STRING)
                .add("content", STRING)
                .add("categories", STRINGS)
                .add("language", STRING)
                .add("content_hash", STRING);
        return joins(entities(schema));
    }

    /** docs/documents.md "arxiv": one row per paper version; entities but no joins. */
    private static StructType arxiv(StructType schema) {
        DataType authors = new ArrayType(new StructType()
                .add("keyname", STRING)
                .add("forenames", STRING)
                .add("suffix", STRING)
                .add("affiliations", STRINGS), true);
        schema = schema
                .add("arxiv_id", STRING)
                .add("version", IntegerType.INTEGER)
                .add("deleted", BooleanType.BOOLEAN)
                .add("datestamp", DateType.DATE)
                .add("title", STRING)
                .add("abstract", STRING)
                .add("authors", authors)
                .add("author_names", STRINGS)
                .add("categories", STRINGS)
                .add("primary_category", STRING)
                .add("primary_category_name", STRING)
                .add("primary_archive", STRING)
                .add("comments", STRING)
                .add("journal_ref", STRING)
                .add("license", STRING)
                .add("submitted", TIMESTAMP)
                .add("created", DateType.DATE)
                .add("updated", DateType.DATE);
        return entities(schema);
    }

    /**
     * docs/documents.md "github": the event's flattened fields, the free-form payload as its JSON text
     * (ARCHITECTURE §7), then the entities and joins.
     */
    private static StructType github(StructType schema) {
        schema = schema
                .add("event_id", STRING)
                .add("type", STRING)
                .add("actor_login", STRING)
                .add("actor_id", LongType.LONG)
                .add("repo_name", STRING)
                .add("repo_id", LongType.LONG)
                .add("org_login", STRING)
                .add("public", BooleanType.BOOLEAN)
                .add("action", STRING)
                .add("ref", STRING)
                .add("ref_type", STRING)
                .add("number", LongType.LONG)
                .add("title", STRING)
                .add("text", STRING)
                .add(GITHUB_PAYLOAD, STRING);
        return joins(entities(schema));
    }

    /** docs/documents.md "dns": one row per query/response, with the domain intelligence of ARCHITECTURE §5. */
    private static StructType dns(StructType schema) {
        DataType records = new ArrayType(new StructType()
                .add("name", STRING)
                .add("type", STRING)
                .add("ttl", LongType.LONG)
                .add("data", STRING), true);
        return schema
                .add("identity", STRING)
                .add("version", STRING)
                .add("message_type", STRING)
                .add("socket_family", STRING)
                .add("socket_protocol", STRING)
                .add("query_address", STRING)
                .add("query_port", IntegerType.INTEGER)
                .add("response_address", STRING)
                .add("response_port", IntegerType.INTEGER)
                .add("query_time", TIMESTAMP)
                .add("response_time", TIMESTAMP)
                .add("latency_ms", DoubleType.DOUBLE)
                .add("message_id", IntegerType.INTEGER)
                .add("qname", STRING)
                .add("qtype", STRING)
                .add("qclass", STRING)
                .add("rcode", STRING)
                .add("flags", STRINGS)
                .add("answers", records)
                .add("authorities", records)
                .add("edns_client_subnet", STRING)
                .add("registrable_domain", STRING)
                .add("newly_observed", BooleanType.BOOLEAN)
                .add("name_entropy", DoubleType.DOUBLE);
    }

    /** docs/documents.md "Entities and joins": the entities extracted from the document's text. */
    private static StructType entities(StructType schema) {
        return schema
                .add("arxiv_ids", STRINGS)
                .add("dois", STRINGS)
                .add("github_repos", STRINGS)
                .add("urls", STRINGS);
    }

    /** docs/documents.md "Entities and joins": paper mentions and domain intelligence (news and github only). */
    private static StructType joins(StructType schema) {
        return schema
                .add("linked_papers", LINKED_PAPERS)
                .add("domains", DOMAINS);
    }
}
