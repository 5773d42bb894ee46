package io.databroker.hot.bulk;

import io.databroker.shared.deadletter.DeadLetterReason;
import io.databroker.shared.deadletter.RecordRejectedException;

/** Elasticsearch rejected one document (mapping conflict, unparsable field); its message is Elasticsearch's reason. */
public class DocumentRejectedException extends RecordRejectedException {

    public DocumentRejectedException(String message) {
        super(DeadLetterReason.DOCUMENT_REJECTED, message);
    }
}
