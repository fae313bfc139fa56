package io.tether.infrastructure.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.infrastructure.DataDirectory;
import io.tether.infrastructure.RandomBytes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import io.tether.infrastructure.web.ConsistencyHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration implements WebMvcConfigurer {

    static final String SECRET_FILE = "jwt-secret";
    static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final int MIN_SECRET_BYTES = 32;
    /** After the request id and the request log, so that a refusal is logged with its id. */
    private static final int RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemSecurityHandlers problems, CorsProperties corsProperties,
                                    RateLimitProperties rateLimits, TokenBuckets buckets, ObjectMapper json)
            throws Exception {
        if (rateLimits.limitsPrincipals()) {
            http.addFilterAfter(RateLimitFilter.perPrincipal(rateLimits, buckets, json), BearerTokenAuthenticationFilter.class);
        }
        return http
                .headers(headers -> headers
                        // Spring Security's defaults stay (nosniff, frame DENY, no-store, HSTS over HTTPS); API
                        // responses load nothing. The OAuth callback page sets its own policy, which is kept;
                        // Swagger UI needs its scripts and styles.
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(new OrRequestMatcher(
                                        PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"),
                                        PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"))),
                                new ContentSecurityPolicyHeaderWriter(API_CONTENT_SECURITY_POLICY)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .csrf(AbstractHttpConfigurer::disable)
                .cors(cors -> cors.configurationSource(corsConfiguration(corsProperties)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyRole(Roles.METRICS, Roles.PLATFORM_ADMIN)
                        .requestMatchers("/integrations/global/*/webhooks").permitAll()
                        .requestMatchers("/integrations/ads/callback", "/integrations/sp-api/callback",
                                "/integrations/slack/callback").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(CallerToken::of))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        // Keys Tether cannot get (AuthenticationServiceException) are answered here too, as a
                        // 503 problem, instead of being rethrown to the container as a 500.
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                AuthenticationEntryPointFailureHandler failures = new AuthenticationEntryPointFailureHandler(problems);
                                failures.setRethrowAuthenticationServiceException(false);
                                filter.setAuthenticationFailureHandler(failures);
                                return filter;
                            }
                        }))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    /**
     * No observations of Spring Security's own: by default it times every filter of its chain, every
     * authentication and every authorization, each with its own events and tags, about a sixth of the
     * CPU of a read by id (docs/benchmarks.md, sixth session). Every request is still timed by URI,
     * method and status ({@code http.server.requests}), a refused one included.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Every path given to {@code requestMatchers} and {@code securityMatcher} (here and in the pages' chains) is
     * matched as a {@link PathPatternRequestMatcher}, Spring MVC's own pattern syntax applied to the request's path,
     * instead of Spring Security 6's default, a matcher per pattern that asks Spring MVC's handler mappings which
     * mapping the request would reach and matches that mapping's pattern (about 1 % of Tether's CPU in the
     * benchmark's credential-read and GET rows, docs/benchmarks.md, nineteenth session). It is Spring Security 7's
     * default; the patterns here are written in that syntax already. With no matcher asking Spring MVC, the look-up
     * that fed them goes too ({@link WithoutIntrospectorCache}).
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean requestMatchersByPathPattern() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** Spring Security's filter chain without the handler look-up Spring Security 6 puts in front of it. */
    @Bean
    static WithoutIntrospectorCache withoutIntrospectorCache() {
        return new WithoutIntrospectorCache();
    }

    /** Per client IP, ahead of Spring Security: requests without a valid token count too. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> ipRateLimit(RateLimitProperties rateLimits, TokenBuckets buckets,
                                                       ObjectMapper json) {
        FilterRegistrationBean<RateLimitFilter> registration =
                new FilterRegistrationBean<>(RateLimitFilter.perIp(rateLimits, buckets, json));
        registration.setOrder(RATE_LIMIT_ORDER);
        registration.setEnabled(rateLimits.limitsIps());
        return registration;
    }

    /**
     * Only the configured frontend origins; the headers a frontend needs to read (read-your-writes,
     * request ids, locations) are exposed to it.
     */
    private static CorsConfigurationSource corsConfiguration(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins().stream().filter(origin -> !origin.isBlank()).toList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Request-Id", ConsistencyHeaders.MIN_POSITION));
        cors.setExposedHeaders(List.of("Location", "X-Request-Id", "Retry-After", ConsistencyHeaders.POSITION,
                ConsistencyHeaders.CONSISTENCY));
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    /** The identity provider's keys, when one is configured: the decoder's, and the {@code identity} health component's. */
    @Bean
    @Conditional(UsesIdentityProvider.class)
    IdentityProviderKeys identityProviderKeys(JwtProperties properties) {
        return new IdentityProviderKeys(properties);
    }

    /**
     * The identity provider's public keys (RS256, ES256) when it is configured, the HS256 secret otherwise;
     * either way the same checks: a bounded clock skew, an expiry, a bounded lifetime, a subject, an
     * organization, and the issuer and audience when they are configured. {@code alg: none} never verifies. Tokens
     * verified are remembered ({@link VerifiedTokens}), the checks that can change made again on every use.
     */
    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties, DataDirectory dataDirectory, ObjectProvider<IdentityProviderKeys> keys) {
        return decoder(properties, dataDirectory, keys.getIfAvailable());
    }

    static JwtDecoder decoder(JwtProperties properties, DataDirectory dataDirectory, IdentityProviderKeys keys) {
        NimbusJwtDecoder decoder;
        JWSKeySelector<SecurityContext> keySelector;
        if (properties.usesIdentityProvider()) {
            keySelector = new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys.source());
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(keySelector);
            // The claims are checked by the validators below, as Spring Security's own builder leaves them.
            processor.setJWTClaimsSetVerifier((claims, context) -> { });
            decoder = new NimbusJwtDecoder(processor);
        } else {
            SecretKeySpec secret = new SecretKeySpec(hmacSecret(properties, dataDirectory), "HmacSHA256");
            keySelector = new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, secret);
            decoder = NimbusJwtDecoder.withSecretKey(secret).macAlgorithm(MacAlgorithm.HS256).build();
        }
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithValidators(validators(properties));
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, keySelector);
    }

    private static List<OAuth2TokenValidator<Jwt>> validators(JwtProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                boundedLifetime(properties.maxTokenLifetime()),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, subject -> subject != null && !subject.isBlank()),
                new JwtClaimValidator<Object>(Caller.ORGANIZATION_CLAIM, SecurityConfiguration::isUuid),
                rolesAreStrings()));
        if (JwtProperties.present(properties.issuerUri())) {
            validators.add(new JwtIssuerValidator(properties.issuerUri().strip()));
        }
        if (JwtProperties.present(properties.audience())) {
            String audience = properties.audience().strip();
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    audiences -> audiences != null && audiences.contains(audience)));
        }
        return validators;
    }

    /** A {@code roles} claim, when there is one, is a list of strings: {@code "roles": null} or {@code [1]} is a bad token (401). */
    private static OAuth2TokenValidator<Jwt> rolesAreStrings() {
        return jwt -> !jwt.getClaims().containsKey(Caller.ROLES_CLAIM)
                || jwt.getClaims().get(Caller.ROLES_CLAIM) instanceof Collection<?> roles && roles.stream().allMatch(String.class::isInstance)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                        "The roles claim is not a list of strings", null));
    }

    /**
     * A token that lives longer than the maximum, from its {@code iat}, is refused. Without an {@code iat} (Spring
     * Security then sets it a second before {@code exp}) or with one in the future, the lifetime counts from now.
     */
    private static OAuth2TokenValidator<Jwt> boundedLifetime(Duration maximum) {
        return jwt -> {
            Instant now = Instant.now();
            Instant issued = jwt.getIssuedAt() == null || jwt.getIssuedAt().isAfter(now) ? now : jwt.getIssuedAt();
            return jwt.getExpiresAt() == null || !jwt.getExpiresAt().isAfter(issued.plus(maximum))
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                            "The token lives longer than " + maximum, null));
        };
    }

    private static byte[] hmacSecret(JwtProperties properties, DataDirectory dataDirectory) {
        String secret = properties.hmacSecret();
        if (secret == null || secret.isBlank()) {
            secret = dataDirectory.readOrGenerateSecret(SECRET_FILE, "TETHER_JWT_SECRET",
                    () -> Base64.getUrlEncoder().withoutPadding().encodeToString(RandomBytes.next(48)));
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("TETHER_JWT_SECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes long for HS256; it is " + bytes.length);
        }
        return bytes;
    }

    private static boolean isUuid(Object claim) {
        if (!(claim instanceof String value)) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    /** The identity provider is configured: an issuer or a key set. */
    static final class UsesIdentityProvider extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            boolean configured = JwtProperties.present(environment.getProperty("tether.security.jwt.issuer-uri"))
                    || JwtProperties.present(environment.getProperty("tether.security.jwt.jwk-set-uri"));
            return configured
                    ? ConditionOutcome.match("an identity provider signs the tokens")
                    : ConditionOutcome.noMatch("tokens are HS256, no identity provider");
        }
    }
}
