package io.tether.command.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The frontend that opens the OAuth popups ({@code TETHER_FRONTEND_ORIGIN}, e.g.
 * {@code https://app.example.com}): the callback page posts its result to this origin and to no other.
 * Unset, the page posts to no window, and reports on a BroadcastChannel of its own origin only.
 */
@ConfigurationProperties("tether.frontend")
public record FrontendProperties(String origin) {

    public FrontendProperties {
        origin = origin == null || origin.isBlank() ? null : normalized(origin.strip());
    }

    private static String normalized(String origin) {
        return originOf(origin).orElseThrow(() -> new IllegalStateException("TETHER_FRONTEND_ORIGIN "
                + "(tether.frontend.origin) must be an origin such as https://app.example.com, without a path; it is "
                + origin));
    }

    /**
     * scheme://host[:port], nothing more (postMessage compares origins exactly), in lower case; empty for what is not
     * an http or https origin (a path, a query, user info, another scheme, not a URI).
     */
    public static Optional<String> originOf(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
