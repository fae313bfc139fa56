package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The OpenAPI document covers every endpoint the controllers serve. */
class OpenApiDocumentTest extends EndToEndTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyControllerEndpoint_isInTheDocument_withItsMethod_andProblemResponses() {
        Api.Response served = anonymous().get("/v3/api-docs");
        var parsed = new OpenAPIV3Parser().readContents(served.rawBody());
        assertThat(parsed.getMessages()).as("what an OpenAPI 3 parser finds wrong with the document").isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
        JsonNode document = served.body();
        assertThat(document.get("openapi").asText()).startsWith("3.");
        JsonNode paths = document.get("paths");

        List<String> missing = new ArrayList<>();
        Endpoints.served(mappings).forEach((endpoint, handler) -> {
            // springdoc's own endpoints (the document, the UI) are not part of the API they describe.
            if (!handler.getBeanType().getPackageName().startsWith("io.tether")) {
                return;
            }
            String[] methodAndPath = endpoint.split(" ", 2);
            JsonNode operation = paths.path(methodAndPath[1]).path(methodAndPath[0].toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                missing.add(endpoint);
            } else if (!operation.path("responses").has("401")) {
                missing.add(endpoint + " (no problem responses)");
            }
        });
        assertThat(missing).isEmpty();
        assertThat(document.at("/components/securitySchemes/bearer-jwt/scheme").asText()).isEqualTo("bearer");
        assertThat(paths.has("/integrations/accounts")).isTrue();
    }
}
