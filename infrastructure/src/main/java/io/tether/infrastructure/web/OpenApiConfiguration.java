package io.tether.infrastructure.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.tether.infrastructure.security.Caller;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), generated from
 * the controllers and made to say exactly what is served: the API's own property names, each operation's
 * statuses, problem codes, headers and roles ({@link OperationContract}), closed and required schemas
 * ({@link SchemaContract}), nullable and typed properties ({@link ApiProperties}). docs/api.md says what a new endpoint declares.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer-jwt";

    static {
        // Enums as named schemas (Marketplace, AccountStatus…): one type each in a generated client.
        ModelResolver.enumsAsRef = true;
        // The caller comes from the bearer token, never from the request: no parameter of the API.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class)
                // A JsonNode the API reads or writes is a JSON object (config, a JSON Schema, an event's payload).
                .replaceWithSchema(JsonNode.class, new ObjectSchema());
    }

    @Bean
    OpenAPI tetherOpenApi() {
        return new OpenAPI()
                // Relative: the document is the same whatever host serves it (and docs/openapi.json is that document).
                .servers(List.of(new Server().url("/").description("The service that serves this document")))
                .info(new Info().title("Tether").version("v1")
                        .description("Integration accounts, global integrations, OAuth, encrypted credentials and the "
                                + "audit trail. Every error is an RFC 9457 problem (application/problem+json) with a "
                                + "stable code; each operation lists the codes it can answer."))
                .components(new Components()
                        .addParameters(OperationContract.REQUEST_ID, new Parameter().in("header").name(RequestIdFilter.HEADER)
                                .required(false).description("The request's id, kept in the logs and in the metadata of the "
                                        + "events it records; one that is not 1 to 128 letters, digits or ._:- is replaced "
                                        + "by a new one")
                                .schema(new StringSchema()))
                        .addHeaders(OperationContract.REQUEST_ID, new Header().description("The request's id: the "
                                        + RequestIdFilter.HEADER + " it was sent with, or the one Tether gave it")
                                .schema(new StringSchema()))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("HS256 or the issuer's keys; claims sub, org_id, roles. "
                                        + "Each operation names the roles that may call it (x-roles).")));
    }

    /**
     * Schemas from the API's own ObjectMapper (a copy: swagger adds its annotation introspector to the
     * mapper it is given), so that property names follow its naming strategy, snake_case.
     */
    @Bean
    ModelResolver apiModelResolver(ObjectMapper json) {
        return new ModelResolver(json.copy());
    }

    @Bean
    OperationCustomizer operationContract() {
        return new OperationContract();
    }

    @Bean
    OpenApiCustomizer schemaContract() {
        return new SchemaContract();
    }

    @Bean
    OpenApiCustomizer operationExamples() {
        return new OperationExamples();
    }

    @Bean
    PropertyCustomizer apiProperties() {
        return new ApiProperties();
    }
}
