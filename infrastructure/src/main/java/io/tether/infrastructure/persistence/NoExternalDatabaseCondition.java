package io.tether.infrastructure.persistence;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

class NoExternalDatabaseCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return embedded(context.getEnvironment())
                ? ConditionOutcome.match("spring.datasource.url is not set: starting the embedded PostgreSQL")
                : ConditionOutcome.noMatch("spring.datasource.url is set: using the external PostgreSQL");
    }

    static boolean embedded(Environment environment) {
        return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
    }
}
