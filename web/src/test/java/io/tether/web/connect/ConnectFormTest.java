package io.tether.web.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The connect forms built from the catalog's JSON Schemas, and what they make of what a person enters. */
class ConnectFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyServicesForm_hasAFieldForEachPropertyOfItsConfigSchema_andOfItsCredentialsSchemaUnlessOAuthBringsThem()
            throws Exception {
        for (CatalogEntry entry : IntegrationCatalog.entries()) {
            List<String> expected = new ArrayList<>();
            if (entry.takesConfig()) {
                JSON.readTree(entry.configSchema()).path("properties").fieldNames()
                        .forEachRemaining(name -> expected.add("config." + name));
            }
            if (!entry.supportsOauth()) {
                JSON.readTree(entry.credentialsSchema()).path("properties").fieldNames()
                        .forEachRemaining(name -> expected.add("credentials." + name));
            }
            assertThat(ConnectForm.empty(entry).fields()).as(entry.slug())
                    .extracting(SchemaFields.Field::parameter).containsExactlyElementsOf(expected);
        }
        assertThat(IntegrationCatalog.entries().stream().filter(entry -> entry.kind() == CatalogKind.SERVICE
                && !entry.supportsOauth())).extracting(CatalogEntry::slug)
                .contains("clickup", "github", "jira", "linear");
    }

    @Test
    void jirasForm_asksForTheSiteItNeeds_asARequiredUrl_beforeTheEmailAndToken() {
        List<SchemaFields.Field> fields = ConnectForm.empty(jira()).fields();

        assertThat(fields).extracting(SchemaFields.Field::label)
                .containsExactly("Site URL", "Project key", "Email", "API token");
        assertThat(fields).extracting(SchemaFields.Field::inputType).containsExactly("url", "text", "email", "password");
        assertThat(fields).extracting(SchemaFields.Field::required).containsExactly(true, false, true, true);
    }

    @Test
    void slacksConfig_isAskedFor_itsNotificationsAsCheckboxes_andItsCredentialsAreLeftToTheInstall() {
        ConnectForm form = ConnectForm.empty(IntegrationCatalog.find("slack").orElseThrow());

        assertThat(form.credentials().fields()).isEmpty();
        SchemaFields.Field notifyOn = form.config().fields().get(1);
        assertThat(notifyOn.choices()).isTrue();
        assertThat(notifyOn.options()).extracting(SchemaFields.Option::label).containsExactly(
                "Account connected", "Account disconnected", "Account failed", "Account deleted");
    }

    @Test
    void whatWasEntered_goesToTheApiAsConfigAndCredentials_andOnlyTheConfigIsShownAgain() {
        MultiValueMap<String, String> entered = new LinkedMultiValueMap<>();
        entered.add("name", "Ops Jira");
        entered.add("config.site_url", "https://acme.atlassian.net");
        entered.add("config.project_key", "");
        entered.add("credentials.email", "ops@acme.example");
        entered.add("credentials.api_token", "ATATT-secret");
        ConnectForm form = ConnectForm.empty(jira()).withValues(entered);

        assertThat(form.config().submitted(entered)).isEqualTo(Map.of("site_url", "https://acme.atlassian.net"));
        assertThat(form.credentials().submittedStrings(entered))
                .isEqualTo(Map.of("email", "ops@acme.example", "api_token", "ATATT-secret"));
        assertThat(form.name()).isEqualTo("Ops Jira");
        assertThat(form.fields()).extracting(SchemaFields.Field::value)
                .containsExactly("https://acme.atlassian.net", null, null, null);

        MultiValueMap<String, String> chosen = new LinkedMultiValueMap<>();
        chosen.addAll("config.notify_on", List.of("account_failed", "account_deleted"));
        assertThat(ConnectForm.empty(IntegrationCatalog.find("slack").orElseThrow()).config().submitted(chosen))
                .isEqualTo(Map.of("notify_on", List.of("account_failed", "account_deleted")));
    }

    @Test
    void theApisFieldErrors_goBesideTheFieldsTheyName_andTheRestAboveTheForm() {
        ConnectForm form = ConnectForm.empty(jira()).withErrors(Map.of(
                "config.site_url", "has the wrong format",
                "credentials.api_token", "is required",
                "project_id", "must be a UUID"), "The config does not have the shape jira needs.");

        assertThat(form.fields()).extracting(SchemaFields.Field::error)
                .containsExactly("has the wrong format", null, null, "is required");
        assertThat(form.fields().get(0).describedBy()).isEqualTo("config-site_url-hint config-site_url-error");
        assertThat(form.otherErrors()).containsExactly("project_id must be a UUID");

        ConnectForm slack = ConnectForm.empty(IntegrationCatalog.find("slack").orElseThrow())
                .withErrors(Map.of("config.notify_on[1]", "must be one of account_connected, …"), "Not valid.");
        assertThat(slack.config().fields().get(1).error()).startsWith("must be one of");
        assertThat(slack.otherErrors()).isEmpty();
    }

    private static CatalogEntry jira() {
        return IntegrationCatalog.find("jira").orElseThrow();
    }
}
