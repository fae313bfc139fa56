package io.tether.infrastructure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tether.api.problem.ProblemException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Times every command a node handles: {@code tether.commands} with the command's name and its
 * outcome ({@code success}, or the simple name of the exception that rejected it).
 */
@Component
class CommandMetricsInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final MeterRegistry registry;

    CommandMetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
        Timer.Sample sample = Timer.start(registry);
        String outcome = "success";
        try {
            return chain.proceed();
        } catch (Exception e) {
            // A refusal is tagged with its problem code (account_name_taken), anything else with its type.
            ProblemException refusal = ProblemException.in(e);
            outcome = refusal != null ? refusal.code().code() : e.getClass().getSimpleName();
            throw e;
        } finally {
            sample.stop(Timer.builder("tether.commands")
                    .description("Commands handled, by command and outcome")
                    .tag("command", command)
                    .tag("outcome", outcome)
                    .register(registry));
        }
    }
}
