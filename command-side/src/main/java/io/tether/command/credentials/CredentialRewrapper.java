package io.tether.command.credentials;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.command.credentials.CurrentCredentials.SealedAccountCredentials;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Re-seals the current credentials of an organization's accounts under the newest version of each
 * account's key, so that older key versions can later be retired. With Vault the plaintext never
 * leaves Vault.
 */
@Service
public class CredentialRewrapper {

    private static final Logger log = LoggerFactory.getLogger(CredentialRewrapper.class);

    private final CurrentCredentials currentCredentials;
    private final CredentialCipher cipher;

    CredentialRewrapper(CurrentCredentials currentCredentials, CredentialCipher cipher) {
        this.currentCredentials = currentCredentials;
        this.cipher = cipher;
    }

    public RewrapResult rewrapOrganization(UUID organizationId) {
        int rewrapped = 0;
        int alreadyCurrent = 0;
        for (SealedAccountCredentials sealed : currentCredentials.ofOrganization(organizationId)) {
            EncryptedCredentials resealed = cipher.rewrap(
                    CredentialOwner.accountCredentials(organizationId, sealed.accountId()), sealed.credentials());
            if (resealed.keyVersion() == sealed.credentials().keyVersion()) {
                alreadyCurrent++;
                continue;
            }
            if (currentCredentials.replace(sealed.accountId(), sealed.credentials(), resealed)) {
                rewrapped++;
            }
        }
        log.info("Rewrapped the current credentials of {} accounts of organization {} ({} were already current)",
                rewrapped, organizationId, alreadyCurrent);
        return new RewrapResult(rewrapped, alreadyCurrent);
    }

    public record RewrapResult(int rewrapped, int alreadyCurrent) {
    }
}
