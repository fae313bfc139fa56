package io.tether.command.global;

import io.tether.command.global.webhook.WebhookFormat;
import io.tether.infrastructure.RandomBytes;
import org.springframework.stereotype.Component;

/** New webhook secrets, from a strong random source, in the shape of the service's webhook format. */
@Component
public class WebhookSecrets {

    String generate(WebhookFormat format) {
        return format.newSecret(RandomBytes.ofThisThread());
    }
}
