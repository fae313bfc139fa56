package io.tether.infrastructure.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.infrastructure.web.ProblemResponses;
import io.tether.infrastructure.web.Problems;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall, its header checks made without a regular expression; what it refuses is
 * answered as a problem, with the request id and the API's headers.
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

    /** The methods the firewall lets through (StrictHttpFirewall's defaults); TRACE Tomcat answers itself (405). */
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /**
     * The default firewall, whose header names and values are checked by {@link HeaderCharacters} rather than by its
     * regular expressions: the same characters pass and fail (each code point assigned and not a control character; a
     * value may hold tabs), but a regular expression walked every header's every character through its matcher,
     * the bearer token's hundreds among them, each time a header was read: 3 % of the request threads' CPU samples in
     * a profile of credential reads.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::allowedInName);
        firewall.setAllowedHeaderValues(HeaderCharacters::allowedInValue);
        return firewall;
    }

    /** A method the API does not know is not implemented (501); any other refusal is a bad request. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests(ObjectMapper json, ApiResponseHeaders headers) {
        return (request, response, rejected) -> {
            headers.write(request, response);
            HttpStatus status = KNOWN_METHODS.contains(request.getMethod()) ? HttpStatus.BAD_REQUEST : HttpStatus.NOT_IMPLEMENTED;
            ProblemResponses.write(response, json, Problems.forStatus(status));
        };
    }
}
