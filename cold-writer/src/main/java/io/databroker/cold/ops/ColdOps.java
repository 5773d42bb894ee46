package io.databroker.cold.ops;

import java.util.List;

import io.databroker.shared.topic.Source;
import io.databroker.storeops.verify.StoreDriftGauges;
import io.databroker.storeops.verify.StoreVerifier;

/** Everything cold-writer's operations need, built once by {@link ColdOpsConfiguration}. */
record ColdOps(List<Source> sources, ColdReplay replay, StoreVerifier verifier, StoreDriftGauges driftGauges) {
}
