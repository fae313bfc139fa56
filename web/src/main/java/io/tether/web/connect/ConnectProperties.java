package io.tether.web.connect;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long a connect session's token can open the hosted connect page ({@code POST /integrations/connect-sessions}). */
@ConfigurationProperties("tether.connect")
public record ConnectProperties(@DefaultValue("30m") Duration sessionLifetime) {

    public ConnectProperties {
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
            throw new IllegalStateException("tether.connect.session-lifetime must be positive; it is " + sessionLifetime);
        }
    }
}
