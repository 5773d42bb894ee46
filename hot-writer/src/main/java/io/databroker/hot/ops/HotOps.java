package io.databroker.hot.ops;

import java.util.List;

import io.databroker.shared.topic.Source;
import io.databroker.storeops.verify.StoreDriftGauges;
import io.databroker.storeops.verify.StoreVerifier;

/**
 * Everything hot-writer's operations need, built once by {@link HotOpsConfiguration}.
 *
 * @param sources the sources this writer indexes ({@code broker.hot.sources})
 */
record HotOps(List<Source> sources, Rehydration rehydration, HotReplay replay, StoreVerifier verifier,
              StoreDriftGauges driftGauges) {
}
