package io.tether.app;

import io.tether.command.CommandSideModule;
import io.tether.eventing.EventingModule;
import io.tether.infrastructure.InfrastructureModule;
import io.tether.query.QuerySideModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Both sides of Tether in one process: with no configuration, on an embedded PostgreSQL and a local keyring. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({InfrastructureModule.class, EventingModule.class, CommandSideModule.class, QuerySideModule.class})
public class TetherApplication {

    public static void main(String[] args) {
        SpringApplication.run(TetherApplication.class, args);
    }
}
