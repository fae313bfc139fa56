package io.tether.infrastructure.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bounds on the JSON the API parses, so that a hostile body fails fast with a 400 problem: nesting depth
 * ({@code tether.security.max-json-depth}), and no string or number longer than a whole request may be.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimits {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer boundedJson(RequestLimitProperties limits) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxRequestBytes()))
                .maxNumberLength(100)
                .build();
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(constraints));
    }
}
