package io.databroker.storeops.delta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.And;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;

/**
 * Reads the {@code <source>_historical} tables with Delta Kernel, day partition by day partition (files of other
 * days are pruned from the log, never opened). Deletion vectors and removed files are honoured: what Spark SQL would
 * return for {@code WHERE event_date = …} is what comes back. Reading uses Kernel's scan-file helpers from its
 * {@code internal} packages, as Kernel's own examples do; they are confined to this class.
 */
public final class DeltaDocuments {

    /** cold-writer's partition column (docs/documents.md): the UTC date of {@code event_time}. */
    public static final String EVENT_DATE = "event_date";
    public static final String ID = "id";

    private final Engine engine;
    private final String baseUri;

    /** @param baseUri cold-writer's {@code broker.cold.base-uri} (env {@code BROKER_COLD_BASE_URI}) */
    public DeltaDocuments(Engine engine, String baseUri) {
        this.engine = engine;
        this.baseUri = baseUri;
    }

    /** The table's URI as cold-writer resolves it: {@code <base>/<source>_historical}, relative paths made absolute. */
    public String tablePath(Source source) {
        String base = baseUri.trim();
        URI uri = URI.create(base);
        boolean relativeFile = "file".equals(uri.getScheme()) && !uri.getSchemeSpecificPart().startsWith("/");
        if (uri.getScheme() == null || relativeFile) {
            base = Path.of(relativeFile ? uri.getSchemeSpecificPart() : base).toAbsolutePath().normalize().toUri()
                    .toString();
        }
        return base.replaceAll("/+$", "") + "/" + source.coldTable();
    }

    /** The table's latest snapshot; empty when the table does not exist (yet). */
    public Optional<Snapshot> snapshot(Source source) {
        try {
            return Optional.of(TableManager.loadSnapshot(tablePath(source)).build(engine));
        } catch (TableNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The data files of {@code days} in {@code snapshot}, newest first (by the time each was written), with their
     * row counts from the file statistics.
     */
    public List<DataFile> files(Snapshot snapshot, Collection<LocalDate> days, StructType readSchema) {
        Scan scan = scan(snapshot, days, readSchema);
        Row scanState = scan.getScanState(engine);
        Set<String> wanted = new TreeSet<>();
        days.forEach(day -> wanted.add(day.toString()));
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine, true)) {
            while (batches.hasNext()) {
                try (CloseableIterator<Row> rows = batches.next().getRows()) {
                    while (rows.hasNext()) {
                        Row scanFile = rows.next();
                        String day = InternalScanFileUtils.getPartitionValues(scanFile).get(EVENT_DATE);
                        if (day != null && wanted.contains(day)) {
                            FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
                            files.add(new DataFile(scanState, scanFile, LocalDate.parse(day),
                                    status.getModificationTime(), numRecords(scanFile)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the files of " + snapshot.getPath() + " failed", e);
        }
        files.sort(Comparator.comparingLong(DataFile::modificationTime).reversed());
        return files;
    }

    /** The full table schema, for reading whole documents. */
    public static StructType fullSchema(Snapshot snapshot) {
        return snapshot.getSchema();
    }

    /** Only {@code id} and the partition column: what the id comparison needs. */
    public static StructType idSchema(Snapshot snapshot) {
        StructType schema = snapshot.getSchema();
        return new StructType().add(schema.get(ID)).add(schema.get(EVENT_DATE));
    }

    /** Reads one data file, handing over its live rows (after deletion vectors) batch by batch. */
    public void read(DataFile file, Consumer<FilteredColumnarBatch> batches) {
        FileStatus status = InternalScanFileUtils.getAddFileStatus(file.scanFile());
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(file.scanState());
        try (CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty())
                .map(FileReadResult::getData);
             CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, file.scanState(),
                     file.scanFile(), data)) {
            while (logical.hasNext()) {
                batches.accept(logical.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + status.getPath() + " failed", e);
        }
    }

    /** The ids of each day's live rows. */
    public void forEachId(Snapshot snapshot, Collection<LocalDate> days, IdConsumer ids) {
        for (DataFile file : files(snapshot, days, idSchema(snapshot))) {
            read(file, batch -> {
                var data = batch.getData();
                int idColumn = data.getSchema().indexOf(ID);
                var selection = batch.getSelectionVector().orElse(null);
                for (int row = 0; row < data.getSize(); row++) {
                    if (selection == null || (!selection.isNullAt(row) && selection.getBoolean(row))) {
                        ids.accept(file.day(), data.getColumnVector(idColumn).getString(row));
                    }
                }
            });
        }
    }

    /** Receives (day, id) pairs. */
    public interface IdConsumer {
        void accept(LocalDate day, String id);
    }

    private Scan scan(Snapshot snapshot, Collection<LocalDate> days, StructType readSchema) {
        LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
        Column column = new Column(EVENT_DATE);
        Predicate partitions = new And(
                new Predicate(">=", column, Literal.ofDate((int) first.toEpochDay())),
                new Predicate("<=", column, Literal.ofDate((int) last.toEpochDay())));
        return snapshot.getScanBuilder().withFilter(partitions).withReadSchema(readSchema).build();
    }

    /** {@code numRecords} of the file's statistics; null when the writer recorded none. */
    private static Long numRecords(Row scanFile) {
        Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
        int stats = InternalScanFileUtils.ADD_FILE_STATS_ORDINAL;
        if (add.getSchema().length() <= stats || add.isNullAt(stats)) {
            return null;
        }
        JsonNode parsed = Json.mapper().readTree(add.getString(stats));
        JsonNode records = parsed.get("numRecords");
        return records == null || !records.isNumber() ? null : records.longValue();
    }

    /**
     * One data file of a scan.
     *
     * @param modificationTime when the file was written (ms since the epoch): the order of versions of one id
     * @param numRecords       rows in the file before deletion vectors; null when unknown
     */
    public record DataFile(Row scanState, Row scanFile, LocalDate day, long modificationTime, Long numRecords) {
    }

    /** Convenience for tests and the CLI: every document of {@code days}, newest file first. */
    public void forEachDocument(Source source, Collection<LocalDate> days, Consumer<ObjectNode> documents) {
        snapshot(source).ifPresent(snapshot -> {
            RowDocuments rows = RowDocuments.of(source);
            for (DataFile file : files(snapshot, days, fullSchema(snapshot))) {
                read(file, batch -> rows.forEach(batch, documents));
            }
        });
    }
}
