package io.tether.infrastructure.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), generated
 * from the controllers: bearer JWT on every operation, and the problem responses every operation can give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer-jwt";
    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI tetherOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tether").version("v1")
                        .description("Integration accounts, global integrations, OAuth, encrypted credentials and the audit trail"))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("HS256 or the issuer's keys; claims sub, org_id, roles")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Every operation can answer with a problem: bad input, no valid token, a role that does not allow it.
     * The schema is added here, after generation, which would otherwise replace the components' schemas.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                var responses = operation.getResponses();
                for (String status : new String[] {"400", "401", "403", "404"}) {
                    if (!responses.containsKey(status)) {
                        responses.addApiResponse(status, problem());
                    }
                }
            }));
        };
    }

    private static ObjectSchema problemSchema() {
        return (ObjectSchema) new ObjectSchema()
                .description("RFC 9457 problem details with Tether's stable code")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().example("validation_failed"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema().example("account_name"))
                        .addProperty("message", new StringSchema())));
    }

    private static ApiResponse problem() {
        return new ApiResponse().description("A problem: see its code")
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new ObjectSchema().$ref("#/components/schemas/" + PROBLEM))));
    }
}
