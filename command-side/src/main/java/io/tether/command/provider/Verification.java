package io.tether.command.provider;

/** What a provider said of credentials: accepted, or refused with a reason an admin can act on. */
public record Verification(boolean accepted, String reason) {

    public static final Verification ACCEPTED = new Verification(true, null);

    public static Verification rejected(String reason) {
        return new Verification(false, reason);
    }
}
