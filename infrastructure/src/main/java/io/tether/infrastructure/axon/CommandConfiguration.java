package io.tether.infrastructure.axon;

import jakarta.validation.ValidatorFactory;
import java.time.Clock;
import java.time.ZoneOffset;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How commands are sent and stamped, through Axon's public API only (the event store and the processors
 * as Tether builds them are the eventing module's).
 */
@Configuration(proxyBeanMethods = false)
class CommandConfiguration {

    /**
     * Tether's one clock (not named "clock": db-scheduler has a bean of that name), for whatever a
     * handler needs "now" for. The event store keeps timestamps to the millisecond, so it ticks in
     * milliseconds.
     */
    @Bean
    Clock tetherClock() {
        return Clock.tickMillis(ZoneOffset.UTC);
    }

    /**
     * Events are stamped by the same clock, so that a command's answer, an expiry computed in a
     * handler and every later read of the events agree on the time.
     */
    @Bean
    InitializingBean eventsStampedByTheClock(Clock clock) {
        return () -> GenericEventMessage.clock = clock;
    }

    /** Structural checks declared on the command records hold for every sender, not only REST. */
    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> commandValidation(ValidatorFactory validatorFactory) {
        return new BeanValidationInterceptor<>(validatorFactory);
    }

    @Bean
    ConflictRetryScheduler conflictRetryScheduler(CommandRetryProperties properties) {
        return new ConflictRetryScheduler(properties);
    }

    /**
     * Axon's gateway, retrying a command whose append lost to another node's append to the same
     * aggregate. Within one node the aggregate lock already serializes such commands.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConflictRetryScheduler conflictRetries) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(conflictRetries).build();
    }
}
