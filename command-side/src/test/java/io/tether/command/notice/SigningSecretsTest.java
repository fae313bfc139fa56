package io.tether.command.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.api.credentials.EncryptedCredentials;
import io.tether.command.credentials.CredentialCipher;
import io.tether.command.credentials.CredentialOwner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Opened signing secrets are kept for the setting's time, and destroying an endpoint forgets only its own. */
class SigningSecretsTest {

    private static final UUID ORGANIZATION = UUID.randomUUID();

    /** A cipher whose "ciphertext" is the plaintext behind a version prefix, counting what it is asked to open. */
    private final List<UUID> opened = new ArrayList<>();
    private final CredentialCipher cipher = new CredentialCipher() {
        @Override
        public EncryptedCredentials encrypt(CredentialOwner owner, Map<String, String> credentials) {
            return new EncryptedCredentials("test:v1:" + credentials.values().iterator().next());
        }

        @Override
        public Map<String, String> decrypt(CredentialOwner owner, EncryptedCredentials credentials) {
            opened.add(owner.aggregateId());
            return Map.of("signing_secret", credentials.ciphertext().substring("test:v1:".length()));
        }

        @Override
        public int rotateKey(UUID ownerId) {
            return 1;
        }

        @Override
        public EncryptedCredentials rewrap(CredentialOwner owner, EncryptedCredentials credentials) {
            return credentials;
        }

        @Override
        public void destroyKey(UUID ownerId) {
        }
    };

    @Test
    void destroyingAnEndpoint_forgetsOnlyTheSecretsOpenedForIt() {
        SigningSecrets secrets = new SigningSecrets(cipher, keptFor(Duration.ofMinutes(5)));
        UUID destroyed = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        String destroyedSecret = secrets.seal(ORGANIZATION, destroyed, secrets.generate());
        String keptSecret = secrets.seal(ORGANIZATION, kept, secrets.generate());
        secrets.open(ORGANIZATION, destroyed, destroyedSecret);
        secrets.open(ORGANIZATION, kept, keptSecret);
        secrets.open(ORGANIZATION, kept, keptSecret);

        secrets.destroy(destroyed);
        secrets.open(ORGANIZATION, kept, keptSecret);
        secrets.open(ORGANIZATION, destroyed, destroyedSecret);

        assertThat(opened).containsExactly(destroyed, kept, destroyed);
    }

    @Test
    void secretsAreKeptForTheSettingsTime() {
        SigningSecrets secrets = new SigningSecrets(cipher, keptFor(Duration.ZERO));
        UUID endpoint = UUID.randomUUID();
        String sealed = secrets.seal(ORGANIZATION, endpoint, secrets.generate());

        secrets.open(ORGANIZATION, endpoint, sealed);
        secrets.open(ORGANIZATION, endpoint, sealed);

        assertThat(opened).as("kept for no time: opened each time").containsExactly(endpoint, endpoint);
    }

    private static NoticeProperties keptFor(Duration keptFor) {
        return new NoticeProperties(true, false, Duration.ofSeconds(5), Duration.ofSeconds(15), List.of(Duration.ofSeconds(5)),
                0.2, Duration.ofHours(24), Duration.ofDays(5), Duration.ofSeconds(1), 8, 4, Duration.ofMinutes(1),
                "https://slack.com/api", "https://hooks.slack.com", Duration.ofDays(30), 500, keptFor);
    }
}
