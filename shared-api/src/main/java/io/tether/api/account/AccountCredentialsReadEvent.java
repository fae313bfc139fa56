package io.tether.api.account;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.axonframework.serialization.Revision;

/**
 * Someone was given the account's credentials, opened; who and from where is in the metadata, why is here.
 * <p>
 * Recorded in the account's own credential-read stream ({@link #streamOf}, aggregate type {@value #STREAM_TYPE}),
 * hash-chained like every stream, not in the account's stream: reads change nothing of the account, and reads of one
 * account must not queue behind its commands and each other. Older reads stay where they were recorded, in the
 * account's stream; the auditor's history of an account shows both.
 */
@Revision("1")
public record AccountCredentialsReadEvent(UUID accountId, int keyVersion, String purpose) {

    /** The aggregate type of the credential-read streams in the event store. */
    public static final String STREAM_TYPE = "AccountCredentialReads";

    /** The event store stream that records the reads of an account's credentials: a name-based UUID, the same everywhere. */
    public static UUID streamOf(UUID accountId) {
        return UUID.nameUUIDFromBytes(("account-credential-reads:" + accountId).getBytes(StandardCharsets.UTF_8));
    }
}
