package io.tether.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The pages' own filter chain, ahead of the API's: a session cookie instead of a bearer token, a CSRF token on
 * every state-changing form, and a Content-Security-Policy that lets a page load only this origin's own scripts,
 * styles and images (no {@code unsafe-inline}, no third-party origin). The API's chain stays stateless.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

    /**
     * Only this origin's files. {@code form-action 'self'}: a form posts here only, and Chromium applies it to
     * the redirects after a post too, so a page leaves for a provider's sign-in by a link, never by a form.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain pageFilterChain(HttpSecurity http, PageRefusals refusals,
                                        ObjectProvider<ConsoleOpenIdSignIn> openIdSignIn) throws Exception {
        // Sign-in through the OpenID provider, when it is enabled: its doors come first.
        for (ConsoleOpenIdSignIn openId : openIdSignIn) {
            openId.configure(http);
        }
        return http
                .securityMatcher("/connect", "/connect/**", "/console", "/console/**", "/assets/**")
                .headers(headers -> headers
                        .contentSecurityPolicy(policy -> policy.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/assets/**").permitAll()
                        // The areas' doors: each checks its own one-time link or token, then signs the browser in.
                        .requestMatchers("/connect", "/console/enter", "/console/signed-out").permitAll()
                        .requestMatchers("/connect/**").hasAuthority(PageArea.CONNECT.authority())
                        .requestMatchers("/console", "/console/**").hasAuthority(PageArea.CONSOLE.authority())
                        .anyRequest().denyAll())
                .logout(logout -> logout
                        .logoutUrl("/console/sign-out")
                        .logoutSuccessUrl("/console/signed-out"))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .build();
    }
}
