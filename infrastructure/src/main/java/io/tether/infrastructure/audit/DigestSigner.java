package io.tether.infrastructure.audit;

/**
 * Signs audit digests with a key the database does not hold: an Ed25519 key derived from the local keyring's
 * master key, or a non-exportable key in Vault transit.
 */
public interface DigestSigner {

    /** The key the next signature is made with. */
    DigestKey key();

    /** The signature of {@code content} under {@link #key()}, base64. */
    String sign(byte[] content);
}
