package io.tether.app;

import io.tether.command.CommandSideModule;
import io.tether.eventing.EventingModule;
import io.tether.infrastructure.InfrastructureModule;
import io.tether.query.QuerySideModule;
import io.tether.web.WebModule;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Both sides of Tether and its pages in one process: with no configuration, on an embedded PostgreSQL and a local keyring. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({InfrastructureModule.class, EventingModule.class, CommandSideModule.class, QuerySideModule.class, WebModule.class})
public class TetherApplication {

    /**
     * Runs Tether; {@code verify ...} runs the auditor's verifier instead (see {@link VerifyCommand}), and
     * {@code start-check ...} starts Tether and stops it again (see {@link StartCheck}).
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(VerifyCommand.NAME)) {
            System.exit(VerifyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(StartCheck.NAME)) {
            System.exit(StartCheck.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(TetherApplication.class, args);
    }
}
