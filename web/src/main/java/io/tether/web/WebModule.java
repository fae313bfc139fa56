package io.tether.web;

import io.tether.infrastructure.persistence.SchemaModule;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The pages (the hosted connect page, the console): views over the same application services as the REST
 * API, served by the all-in-one app, which holds both sides. Their sessions live in PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan
@ComponentScan(excludeFilters = @Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class WebModule {

    @Bean
    public SchemaModule webSchema() {
        return new SchemaModule("web", "classpath:db/migration/web");
    }
}
