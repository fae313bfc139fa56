package io.tether.infrastructure.audit;

/**
 * A key that signs audit digests, as published beside them: its id (which each digest names), the algorithm
 * ({@value Ed25519#ALGORITHM}) and the public key, base64 of its X.509 encoding.
 */
public record DigestKey(String keyId, String algorithm, String publicKey) {
}
