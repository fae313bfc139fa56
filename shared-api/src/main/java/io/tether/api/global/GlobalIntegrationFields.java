package io.tether.api.global;

/** The limits and formats of a global integration's descriptive fields and of its webhook secret. */
public final class GlobalIntegrationFields {

    public static final int DISPLAY_NAME_MAX_LENGTH = 100;
    public static final int DESCRIPTION_MAX_LENGTH = 1000;
    public static final int LOGO_URL_MAX_LENGTH = 2048;
    /** An absolute http(s) URL without whitespace. */
    public static final String LOGO_URL_PATTERN = "https?://[^\\s]+";
    /** 32 random bytes, hex-encoded: what {@code webhook_secret} looks like when it is handed out. */
    public static final String WEBHOOK_SECRET_PATTERN = "[0-9a-f]{64}";
    /** A delivery id as providers send them: UUIDs, numbers, or other plain tokens. */
    public static final String DELIVERY_ID_PATTERN = "[A-Za-z0-9._:-]{1,128}";

    private GlobalIntegrationFields() {
    }

    /** Surrounding whitespace is not part of a display name, description or logo URL. */
    public static String normalize(String value) {
        return value == null ? null : value.strip();
    }
}
