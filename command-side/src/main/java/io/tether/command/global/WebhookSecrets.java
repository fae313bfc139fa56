package io.tether.command.global;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/** New webhook secrets: 32 bytes from a strong random source, hex-encoded. */
@Component
public class WebhookSecrets {

    private static final int BYTES = 32;

    private final SecureRandom random = new SecureRandom();

    public String generate() {
        byte[] secret = new byte[BYTES];
        random.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}
