package io.tether.command.credentials;

import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link CurrentCredentials} for tests outside this package, where its constructor cannot be reached. */
public final class TestCurrentCredentials {

    private TestCurrentCredentials() {
    }

    public static CurrentCredentials on(JdbcClient jdbc) {
        return new CurrentCredentials(jdbc);
    }
}
