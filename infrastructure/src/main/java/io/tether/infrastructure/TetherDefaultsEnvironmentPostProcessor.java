package io.tether.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code tether-defaults.yml} as the lowest-precedence property source, so that the
 * all-in-one app and each side started on its own share one set of defaults.
 */
public class TetherDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    private static final String DEFAULTS = "tether-defaults.yml";
    private static final String AXON_UPDATE_CHECK_OPT_OUT = "axoniq.update-checker.disabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new YamlPropertySourceLoader()
                    .load("tetherDefaults", new ClassPathResource(DEFAULTS))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS, e);
        }
        // Axon reports usage to AxonIQ's servers unless told not to; a credentials service makes no
        // outbound calls its operator did not ask for. Setting the property to false turns it back on.
        if (System.getProperty(AXON_UPDATE_CHECK_OPT_OUT) == null) {
            System.setProperty(AXON_UPDATE_CHECK_OPT_OUT,
                    environment.getProperty(AXON_UPDATE_CHECK_OPT_OUT, "true"));
        }
    }
}
