package io.tether.command.global;

import io.tether.command.global.webhook.WebhookFormat;
import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/** New webhook secrets, from a strong random source, in the shape of the service's webhook format. */
@Component
public class WebhookSecrets {

    private final SecureRandom random = new SecureRandom();

    String generate(WebhookFormat format) {
        return format.newSecret(random);
    }
}
