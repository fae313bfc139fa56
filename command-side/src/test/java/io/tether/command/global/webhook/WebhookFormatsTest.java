package io.tether.command.global.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookFormatsTest {

    private final WebhookFormats formats = new WebhookFormats();

    @Test
    void everyServiceOfTheCatalog_hasTheFormatOfItsOwnSlug() {
        IntegrationCatalog.entries().stream().filter(entry -> entry.kind() == CatalogKind.SERVICE)
                .forEach(entry -> assertThat(formats.of(entry.slug()).service()).isEqualTo(entry.slug()));
        assertThat(formats.of("slack")).isInstanceOf(SlackWebhooks.class);
        assertThat(formats.of("generic")).isInstanceOf(StandardWebhooks.class);
    }

    @Test
    void aServiceWithoutASchemeOfItsOwn_readsStandardWebhooks() {
        assertThat(formats.of("walmart-mp-api")).isInstanceOf(StandardWebhooks.class);
        assertThat(formats.of("walmart-mp-api").service()).isEqualTo("walmart-mp-api");
    }

    @Test
    void theEndpointPassesOnEveryHeaderSomeFormatReads_inLowerCase() {
        assertThat(formats.headers()).contains("x-slack-signature", "x-hub-signature-256", "x-github-delivery",
                "x-signature", "linear-signature", "x-hub-signature", "webhook-signature")
                .allSatisfy(header -> assertThat(header).isLowerCase());
    }

    @Test
    void twoFormatsForOneService_areAMistakeCaughtAtStartup() {
        assertThatThrownBy(() -> new WebhookFormats(List.of(new GitHubWebhooks(), new GitHubWebhooks())))
                .isInstanceOf(IllegalStateException.class);
    }
}
