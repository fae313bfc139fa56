package io.tether.infrastructure.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.infrastructure.web.ProblemResponses;
import io.tether.infrastructure.web.Problems;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** What the security firewall refuses is answered as a problem, with the request id and the API's headers. */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

    /** The methods the firewall lets through (StrictHttpFirewall's defaults); TRACE Tomcat answers itself (405). */
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

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
