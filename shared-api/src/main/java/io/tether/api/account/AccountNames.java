package io.tether.api.account;

/** How account names are kept: surrounding whitespace is not part of the name. */
public final class AccountNames {

    public static final int MAX_LENGTH = 100;

    private AccountNames() {
    }

    public static String normalize(String accountName) {
        return accountName == null ? null : accountName.strip();
    }
}
