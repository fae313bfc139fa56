package io.tether.command.provider;

import java.time.Duration;

/** A short-lived access token; {@code refreshToken} is a replacement the provider handed out, or null. */
public record AccessToken(String accessToken, String refreshToken, Duration expiresIn) {

    @Override
    public String toString() {
        return "AccessToken[expiresIn=" + expiresIn + ", tokens=<redacted>]";
    }
}
