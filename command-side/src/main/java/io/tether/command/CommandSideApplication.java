package io.tether.command;

import io.tether.eventing.EventingModule;
import io.tether.infrastructure.InfrastructureModule;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The command side on its own, for the split deployment: it shares the PostgreSQL of the query side. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({InfrastructureModule.class, EventingModule.class, CommandSideModule.class})
public class CommandSideApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
