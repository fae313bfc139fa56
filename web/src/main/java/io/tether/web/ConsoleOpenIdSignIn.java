package io.tether.web;

import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.NullSecurityContextRepository;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The console's sign-in through the platform's OpenID provider, when {@code tether.console.openid.enabled}: Spring
 * Security's OAuth 2.0 login (authorization code, always with PKCE, a state and a nonce) in the pages' own filter
 * chain, for the console only. The provider's ID token names the caller by the same rule as a bearer token
 * ({@link Caller#ofClaims}); a caller with an organization and a member role is signed in by {@link PageSignIn}, as
 * a one-time link signs one in, and everything after is the same. Tether keeps none of the provider's tokens. The
 * console's pages offer "Sign in with …" ({@code fragments/openid.html}) where this gives them the provider's name.
 */
@ControllerAdvice(annotations = PageController.class)
@ConditionalOnProperty(prefix = "tether.console.openid", name = "enabled", havingValue = "true")
class ConsoleOpenIdSignIn {

    /** The sign-in page; {@code /console/sign-in/openid} leaves for the provider. */
    static final String SIGN_IN = "/console/sign-in";
    static final String REGISTRATION_ID = "openid";
    /** Where the provider sends the browser back with a code. */
    static final String CALLBACK = SIGN_IN + "/" + REGISTRATION_ID + "/callback";

    private static final Logger log = LoggerFactory.getLogger(ConsoleOpenIdSignIn.class);

    private final ClientRegistrationRepository registrations;
    private final PageSignIn signIn;
    private final RefusalPage refusals;
    private final ConsoleOpenIdProperties properties;

    ConsoleOpenIdSignIn(ConsoleOpenIdProperties properties, PageSignIn signIn, RefusalPage refusals) {
        this.registrations = new DiscoveredOnFirstSignIn(properties);
        this.signIn = signIn;
        this.refusals = refusals;
        this.properties = properties;
    }

    /** Adds the sign-in's doors to the pages' filter chain. */
    void configure(HttpSecurity http) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(registrations, SIGN_IN);
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.authorizeHttpRequests(access -> access.requestMatchers(SIGN_IN).permitAll())
                .oauth2Login(login -> login
                        .loginPage(SIGN_IN)
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(new NoTokensKept())
                        .authorizationEndpoint(authorization -> authorization.authorizationRequestResolver(requests))
                        .loginProcessingUrl(CALLBACK)
                        .successHandler(this::signedIn)
                        .failureHandler(this::notSignedIn)
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                            @Override
                            public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                                // The provider's user is not a page session: only PageSignIn's caller is kept.
                                filter.setSecurityContextRepository(new NullSecurityContextRepository());
                                return filter;
                            }
                        })
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                            @Override
                            public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(ConsoleOpenIdSignIn.this::notStarted);
                                return filter;
                            }
                        }));
    }

    @ModelAttribute("openIdProvider")
    String openIdProvider() {
        return properties.providerName();
    }

    private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        Optional<Caller> caller = callerOf(authentication).filter(member -> member.hasAnyRole(Roles.MEMBERS));
        if (caller.isEmpty()) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            log.info("Console sign-in of {} through the OpenID provider refused: no organization or member role in its claims",
                    authentication.getName());
            refusals.write(request, response, HttpStatus.FORBIDDEN, "Signed in, but not to Tether",
                    "Your account at " + properties.providerName() + " names no organization or no role that Tether "
                            + "knows (the org_id and roles claims). Ask your administrator for access to the console.");
            return;
        }
        signIn.signIn(caller.get(), PageArea.CONSOLE, request, response);
        response.sendRedirect(request.getContextPath() + PageArea.CONSOLE.path());
    }

    /** The ID token's claims (and the user info's, when the scopes fetch it), read as a bearer token's are. */
    private static Optional<Caller> callerOf(Authentication authentication) {
        if (!(authentication.getPrincipal() instanceof OidcUser user)) {
            return Optional.empty();
        }
        try {
            return Caller.ofClaims(user);
        } catch (IllegalArgumentException unreadableRoles) {
            return Optional.empty();
        }
    }

    private void notSignedIn(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        String error = refused instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "";
        log.info("Console sign-in through the OpenID provider refused: {} ({})", error, refused.getMessage());
        String message = switch (error) {
            case "authorization_request_not_found" -> "This answer from " + properties.providerName() + " belongs to no "
                    + "sign-in this browser started, or that sign-in is already over. Start again.";
            case "access_denied" -> "The sign-in was cancelled at " + properties.providerName() + ".";
            default -> "The answer from " + properties.providerName() + " could not be verified. Start again.";
        };
        refusals.write(request, response, HttpStatus.UNAUTHORIZED, "Sign-in did not complete", message);
    }

    /** A sign-in that could not leave for the provider: its configuration is unreachable, or no such registration. */
    private void notStarted(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProviderUnreachable unreachable) {
                log.warn(unreachable.getMessage());
                refusals.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Sign-in is unavailable",
                        properties.providerName() + " cannot be reached right now. Try again in a minute.");
                return;
            }
        }
        refusals.write(request, response, HttpStatus.NOT_FOUND, "No such page",
                "There is no sign-in at this address. Sign in from " + SIGN_IN + ".");
    }

    /**
     * The provider's registration, from its OpenID configuration, read on the first sign-in and kept once read: Tether
     * starts while the provider is down, and a sign-in started then is answered 503 and tries again next time.
     */
    private static final class DiscoveredOnFirstSignIn implements ClientRegistrationRepository {

        private final ConsoleOpenIdProperties properties;
        private volatile ClientRegistration registration;

        DiscoveredOnFirstSignIn(ConsoleOpenIdProperties properties) {
            this.properties = properties;
        }

        @Override
        public ClientRegistration findByRegistrationId(String registrationId) {
            if (!REGISTRATION_ID.equals(registrationId)) {
                return null;
            }
            ClientRegistration discovered = registration;
            if (discovered == null) {
                synchronized (this) {
                    if (registration == null) {
                        registration = discover();
                    }
                    discovered = registration;
                }
            }
            return discovered;
        }

        private ClientRegistration discover() {
            ClientRegistration.Builder builder;
            try {
                builder = ClientRegistrations.fromIssuerLocation(properties.issuerUri().strip());
            } catch (RuntimeException e) {
                throw new ProviderUnreachable(e);
            }
            builder.registrationId(REGISTRATION_ID)
                    .clientName(properties.providerName())
                    .clientId(properties.clientId())
                    .clientAuthenticationMethod(properties.publicClient()
                            ? ClientAuthenticationMethod.NONE : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .scope(properties.scopes())
                    .redirectUri("{baseUrl}" + CALLBACK);
            if (!properties.publicClient()) {
                builder.clientSecret(properties.clientSecret());
            }
            return builder.build();
        }
    }

    /** The provider's OpenID configuration could not be read (down, or not an OpenID provider at that issuer). */
    private static final class ProviderUnreachable extends RuntimeException {

        ProviderUnreachable(RuntimeException cause) {
            super("The OpenID configuration of the console's provider could not be read: " + cause.getMessage(), cause);
        }
    }

    /** Tether signs the browser in and needs nothing more from the provider: its access token is not kept. */
    private static final class NoTokensKept implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId,
                                                                        Authentication principal,
                                                                        HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String clientRegistrationId, Authentication principal,
                                           HttpServletRequest request, HttpServletResponse response) {
        }
    }
}
