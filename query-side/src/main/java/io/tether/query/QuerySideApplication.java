package io.tether.query;

import io.tether.eventing.EventingModule;
import io.tether.infrastructure.InfrastructureModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The query side on its own, for the split deployment: it shares the PostgreSQL of the command side. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({InfrastructureModule.class, EventingModule.class, QuerySideModule.class})
public class QuerySideApplication {

    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
