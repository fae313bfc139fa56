package io.tether.query.audit;

import java.util.UUID;

/** No such aggregate in the caller's organization; another organization's is not found either. */
public class AggregateNotFoundException extends RuntimeException {

    public AggregateNotFoundException(UUID aggregateId) {
        super("No history of " + aggregateId + " in your organization");
    }
}
