package io.databroker.cold.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

import io.databroker.cold.app.ColdWriterLifecycle;
import io.databroker.cold.consume.ColdWriterLoop;
import io.databroker.cold.consume.SinkStatus;

/**
 * Readiness: the loop runs and every table's last log read or commit succeeded. Details name the failing tables,
 * since when and the failure's type. Not part of liveness: a store outage is not cured by a restart.
 */
@Component("deltaTables")
public class DeltaTablesHealthIndicator extends AbstractHealthIndicator {

    private final ColdWriterLoop loop;
    private final ColdWriterLifecycle lifecycle;

    public DeltaTablesHealthIndicator(ColdWriterLoop loop, ColdWriterLifecycle lifecycle) {
        super("Delta tables health check failed");
        this.loop = loop;
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean healthy = lifecycle.loopAlive();
        Map<String, Object> tables = new LinkedHashMap<>();
        for (SinkStatus status : loop.status()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("partitions", status.assigned().size());
            details.put("waiting", status.waiting().size());
            if (!status.healthy()) {
                healthy = false;
                details.put("failingSince", status.failingSince().toString());
                details.put("lastError", status.lastError());
            }
            tables.put(status.table(), details);
        }
        (healthy ? builder.up() : builder.down()).withDetail("loop", lifecycle.loopAlive() ? "running" : "stopped")
                .withDetail("tables", tables);
    }
}
