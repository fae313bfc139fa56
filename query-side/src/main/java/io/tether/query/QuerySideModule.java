package io.tether.query;

import io.tether.infrastructure.persistence.SchemaModule;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/** The query side's components and tables; imported by the all-in-one app and by {@link QuerySideApplication}. */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan
@ComponentScan(excludeFilters = @Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class QuerySideModule {

    @Bean
    public SchemaModule querySideSchema() {
        return new SchemaModule("query", "classpath:db/migration/query");
    }
}
