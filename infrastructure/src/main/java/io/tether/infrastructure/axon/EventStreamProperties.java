package io.tether.infrastructure.axon;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often a node looks for events that other nodes appended (events appended on the node itself
 * are seen as soon as their transaction commits). It bounds the projection lag of a split deployment.
 */
@ConfigurationProperties("tether.event-stream")
record EventStreamProperties(@DefaultValue("50ms") Duration pollInterval) {
}
