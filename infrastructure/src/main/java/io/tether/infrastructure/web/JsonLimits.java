package io.tether.infrastructure.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds on the JSON the API parses, so that a hostile body fails fast with a 400 problem: nesting depth
 * ({@code tether.security.max-json-depth}) and number length; a key given twice is refused, not last-wins. Strings need no bound of their own: the
 * request size limit bounds them, and the same mapper reads stored events, whose ciphertexts may be long.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer boundedJson(RequestLimitProperties limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxNumberLength(100)
                .build();
        return builder -> builder.featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(constraints));
    }
}
