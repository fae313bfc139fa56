package io.tether.app;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * A real OpenID provider for the console's sign-in, not a stand-in: Spring Authorization Server in this JVM, on a
 * random port of {@code localhost}, with its own login form (Spring Security's), one public client that must use
 * PKCE, and users whose ID tokens carry Tether's claims as the platform's provider would ({@code org_id},
 * {@code roles}; see {@code scripts/DevToken.java}). Tether is reached at {@code 127.0.0.1}: the provider accepts a
 * loopback redirect on any port (RFC 8252), and the two hosts keep their cookies apart as a browser does.
 */
final class OpenIdProvider implements AutoCloseable {

    static final String CLIENT_ID = "tether-console";
    static final String PASSWORD = "correct horse battery staple";
    static final UUID ORGANIZATION = UUID.randomUUID();
    /** An auditor of {@link #ORGANIZATION}. */
    static final String AUDITOR = "ada";
    /** A user the provider knows and Tether does not: no organization, no role. */
    static final String STRANGER = "stan";
    /** A user of the organization with a role Tether does not know. */
    static final String OUTSIDER = "otto";

    private static final Map<String, Map<String, Object>> CLAIMS = Map.of(
            AUDITOR, Map.of("org_id", ORGANIZATION.toString(), "roles", List.of("auditor")),
            STRANGER, Map.of(),
            OUTSIDER, Map.of("org_id", ORGANIZATION.toString(), "roles", List.of("metrics")));

    private final AnnotationConfigServletWebServerApplicationContext context;

    private OpenIdProvider(AnnotationConfigServletWebServerApplicationContext context) {
        this.context = context;
    }

    static OpenIdProvider start() {
        return new OpenIdProvider(new AnnotationConfigServletWebServerApplicationContext(Provider.class));
    }

    /** The issuer, as the provider's discovery document names it. */
    String issuer() {
        return "http://localhost:" + context.getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Provider {

        @Bean
        TomcatServletWebServerFactory webServer() {
            TomcatServletWebServerFactory tomcat = new TomcatServletWebServerFactory(0);
            // Requests reach the filters (the provider's endpoints and login form) only where a servlet is mapped.
            tomcat.setRegisterDefaultServlet(true);
            return tomcat;
        }

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
            return http
                    .securityMatcher(server.getEndpointsMatcher())
                    .with(server, configurer -> configurer.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                    .exceptionHandling(exceptions -> exceptions
                            .authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
                    .build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain loginForm(HttpSecurity http) throws Exception {
            return http
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(CLAIMS.keySet().stream()
                    .map(name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build())
                    .toList());
        }

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(CLIENT_ID)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("http://127.0.0.1/console/sign-in/openid/callback")
                    .scope(OidcScopes.OPENID)
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                    .build());
        }

        /** Tether's claims in the ID token, as the platform's provider puts them in its bearer tokens. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> tetherClaims() {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    CLAIMS.getOrDefault(context.getPrincipal().getName(), Map.of())
                            .forEach((name, value) -> context.getClaims().claim(name, value));
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> signingKeys() throws JOSEException {
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> signingKeys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(signingKeys);
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }
    }
}
