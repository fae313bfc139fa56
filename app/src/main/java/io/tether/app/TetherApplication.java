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

    /** {@code java -jar tether.jar start-check [settings]}: see {@link #startCheck}. */
    static final String START_CHECK = "start-check";

    /**
     * Runs Tether; {@code verify ...} runs the auditor's verifier instead (see {@link VerifyCommand}), and
     * {@code start-check ...} starts Tether and stops it again (see {@link #startCheck}).
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(VerifyCommand.NAME)) {
            System.exit(VerifyCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(START_CHECK)) {
            System.exit(startCheck(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(TetherApplication.class, args);
    }

    /**
     * Starts Tether with these settings, waits until it is ready (its processors and scheduler started, its port
     * open), and stops it as a shutdown does. Answers 0 when it started and stopped, 1 when it did not start (the
     * cause is logged). The build runs it under {@code -XX:ArchiveClassesAtExit} to record the classes a start
     * loads (docs/operations.md, "The class archive"); an operator can run it to check a configuration.
     */
    static int startCheck(String[] args) {
        try {
            return SpringApplication.exit(SpringApplication.run(TetherApplication.class, args));
        } catch (RuntimeException notStarted) {
            return 1; // Spring Boot has logged why, and closed what had started
        }
    }
}
