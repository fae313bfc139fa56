package io.tether.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

class CorrelationDataOnlyForSendersTest {

    private static final EventMessage<String> EVENT =
            GenericEventMessage.<String>asEventMessage("created").andMetaData(Map.of("actor", "alice"));

    private final CorrelationDataProvider provider =
            CorrelationDataOnlyForSenders.onlyForSenders(new SimpleCorrelationDataProvider("actor"));

    @ProcessingGroup("accounts")
    @SendsNoMessages
    static class AccountsProjection {
    }

    @ProcessingGroup("accounts")
    @SendsNoMessages
    static class MoreAccounts {
    }

    @ProcessingGroup("shredding")
    @SendsNoMessages
    static class ShreddingReadModel {
    }

    @ProcessingGroup("shredding")
    static class Shredder {
    }

    @Test
    void aGroupSendsNothing_onlyWhenEveryHandlerClassOfItIsMarked() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("accountsProjection", new RootBeanDefinition(AccountsProjection.class));
        beans.registerBeanDefinition("moreAccounts", new RootBeanDefinition(MoreAccounts.class));
        beans.registerBeanDefinition("shreddingReadModel", new RootBeanDefinition(ShreddingReadModel.class));
        beans.registerBeanDefinition("shredder", new RootBeanDefinition(Shredder.class));

        assertThat(sendsNothing("accounts", beans)).isTrue();
        assertThat(sendsNothing("shredding", beans)).isFalse();
        assertThat(sendsNothing("unknown", beans)).isFalse();
    }

    @Test
    void theProviders_answerNothingInAUnitOfWorkOfAProcessorThatSendsNothing_andAsBeforeElsewhere() throws Exception {
        assertThat(correlationDataWhileHandling(CorrelationDataOnlyForSenders.MARK)).isEmpty();
        assertThat(correlationDataWhileHandling(null)).containsEntry("actor", "alice");
    }

    @Test
    void aUnitOfWorkNestedInAMarkedOne_isNotMarked() throws Exception {
        DefaultUnitOfWork<EventMessage<String>> outer = DefaultUnitOfWork.startAndGet(EVENT);
        try {
            CorrelationDataOnlyForSenders.MARK.handle(outer, () -> null);
            DefaultUnitOfWork<EventMessage<String>> nested = DefaultUnitOfWork.startAndGet(EVENT);
            assertThat(new HashMap<String, Object>(provider.correlationDataFor(EVENT))).containsEntry("actor", "alice");
            nested.commit();
        } finally {
            outer.rollback();
        }
    }

    private static boolean sendsNothing(String group, DefaultListableBeanFactory beans) {
        return CorrelationDataOnlyForSenders.sendsNothing(
                ProcessorConfiguration.handlersByGroup(beans).getOrDefault(group, List.of()), beans);
    }

    private Map<String, Object> correlationDataWhileHandling(MessageHandlerInterceptor<EventMessage<?>> interceptor) throws Exception {
        UnitOfWork<EventMessage<String>> unitOfWork = DefaultUnitOfWork.startAndGet(EVENT);
        AtomicReference<Map<String, ?>> seen = new AtomicReference<>();
        InterceptorChain handler = () -> {
            seen.set(provider.correlationDataFor(CurrentUnitOfWork.get().getMessage()));
            return null;
        };
        try {
            if (interceptor == null) {
                handler.proceed();
            } else {
                interceptor.handle(unitOfWork, handler);
            }
        } finally {
            unitOfWork.rollback();
        }
        return new HashMap<>(seen.get());
    }
}
