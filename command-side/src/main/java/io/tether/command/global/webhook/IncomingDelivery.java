package io.tether.command.global.webhook;

import java.util.Locale;
import java.util.Map;

/** A delivery as it arrived: its headers (names in lower case) and its exact bytes. */
public record IncomingDelivery(Map<String, String> headers, byte[] body) {

    /** The header's value, or null when it was not sent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
