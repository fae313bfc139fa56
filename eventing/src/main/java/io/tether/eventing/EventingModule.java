package io.tether.eventing;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The event store, the processors and read-your-writes as Tether runs them on Axon; imported next to
 * the infrastructure by the all-in-one app and by each side's own application.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@ConfigurationPropertiesScan
public class EventingModule {
}
