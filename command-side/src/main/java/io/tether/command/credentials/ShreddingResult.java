package io.tether.command.credentials;

import io.tether.api.problem.ProblemException;

/**
 * What a shredding command did: recorded the shredding (the key store confirmed the key destroyed), or left it
 * pending, for {@code pendingReason} (the problem code of the key store's answer).
 */
public record ShreddingResult(String pendingReason) {

    public static final ShreddingResult SHREDDED = new ShreddingResult(null);

    public static ShreddingResult pending(ProblemException notConfirmed) {
        return new ShreddingResult(notConfirmed.code().code());
    }

    public boolean shredded() {
        return pendingReason == null;
    }
}
