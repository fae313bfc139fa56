package io.tether.api.global;

/**
 * The fields a PATCH of a global integration may name. A field the patch names is set to the value the
 * command carries, {@code null} included (which removes it); a field it does not name stays as it is.
 */
public enum PatchedField {
    DISPLAY_NAME("display_name"),
    DESCRIPTION("description"),
    LOGO_URL("logo_url"),
    ENABLED("enabled"),
    /** Applied as a JSON merge patch (RFC 7396) to the current config. */
    CONFIG("config"),
    /** Replaces the credentials as a whole; {@code null} removes them, which disconnects the integration. */
    CREDENTIALS("credentials");

    private final String apiName;

    PatchedField(String apiName) {
        this.apiName = apiName;
    }

    /** The field's name in request bodies. */
    public String apiName() {
        return apiName;
    }
}
