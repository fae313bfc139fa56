package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.RequestHandledEvent;

/** What Spring MVC would do after every request that nothing in Tether uses. */
class RequestHandledEventsTest extends EndToEndTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void aRequest_publishesNoRequestHandledEvent() {
        List<ApplicationEvent> handled = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = event -> {
            if (event instanceof RequestHandledEvent) {
                handled.add(event);
            }
        };
        context.addApplicationListener(listener);
        try {
            Api organization = newOrganization();
            assertThat(organization.post("/integrations/accounts", adsAccount("Handled")).status()).isEqualTo(201);
            assertThat(organization.get("/integrations/accounts").status()).isEqualTo(200);

            assertThat(handled).isEmpty();
        } finally {
            context.removeApplicationListener(listener);
        }
    }
}
