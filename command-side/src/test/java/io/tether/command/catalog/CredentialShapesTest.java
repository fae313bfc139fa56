package io.tether.command.catalog;

import static io.tether.api.problem.ProblemCode.INVALID_SHAPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.tether.api.account.IntegrationType;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.problem.FieldProblem;
import io.tether.api.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REFRESH_TOKEN = "Atzr|IwEBIDbLqX7d2v-Qy_9kV0Yx3RcO4uPaN1sT";
    private static final Map<String, Map<String, String>> VALID_CREDENTIALS = Map.of(
            "sp-api-sc", Map.of("refresh_token", REFRESH_TOKEN, "selling_partner_id", "A2EUQ1WTGCTBG2"),
            "sp-api-vc", Map.of("refresh_token", REFRESH_TOKEN, "selling_partner_id", "A1B2C3D4E5F6G7"),
            "ads-api", Map.of("refresh_token", REFRESH_TOKEN, "profile_id", "3456789012345678"),
            "walmart-mp-api", Map.of("client_id", "5c1a4e8e-2f6b-4d5e-9a3c-7b8d9e0f1a2b",
                    "client_secret", "AKz9vR3_pQ-7xYw2LmN0bC4dE6fG8hJ1kL3mN5oP7qR9sT1uV3wX5yZ7aB9cD1eF3gH5iJ7kL9mN1oP3qR5s"),
            "slack", Map.of("bot_token", "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx",
                    "signing_secret", "8f742231b10e8888abcd99aaabbb85a5"),
            "clickup", Map.of("api_token", "pk_12345678_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"),
            "jira", Map.of("email", "ops@acme.example", "api_token", "ATATT3xFfGF0T4Rzk-Lw8u_9s=ABCDEF12"),
            "github", Map.of("token", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"),
            "linear", Map.of("api_key", "lin_api_0123456789abcdefABCDEF0123456789abcdefgh"),
            "generic", Map.of());
    private static final Map<String, String> VALID_CONFIG = Map.of(
            "slack", "{\"default_channel\":\"#integrations\",\"notify_on\":[\"account_failed\",\"account_disconnected\"]}",
            "clickup", "{\"workspace_id\":\"9012345678\",\"list_id\":\"901234567890\"}",
            "jira", "{\"site_url\":\"https://acme.atlassian.net\",\"project_key\":\"OPS\"}",
            "github", "{\"owner\":\"acme-corp\",\"repository\":\"tether.app\"}",
            "linear", "{\"team_id\":\"9cfb482a-81e3-4154-b5b9-2c805e70a02d\"}",
            "generic", "{}");

    private final CredentialShapes shapes = new CredentialShapes();

    @ParameterizedTest
    @EnumSource(IntegrationType.class)
    void validCredentials_ofEveryAccountType_pass(IntegrationType type) {
        CatalogEntry entry = IntegrationCatalog.of(type);

        assertThatCode(() -> shapes.requireValidCredentials(entry, VALID_CREDENTIALS.get(entry.slug())))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "clickup", "jira", "github", "linear", "generic"})
    void validCredentialsAndConfig_ofEveryService_pass(String slug) {
        CatalogEntry entry = entry(slug);

        assertThatCode(() -> shapes.requireValidCredentials(entry, VALID_CREDENTIALS.get(slug)))
                .doesNotThrowAnyException();
        assertThatCode(() -> shapes.requireValidConfig(entry, json(VALID_CONFIG.get(slug))))
                .doesNotThrowAnyException();
    }

    @Test
    void everyCatalogEntry_hasAValidExample() {
        assertThat(VALID_CREDENTIALS.keySet()).containsExactlyInAnyOrderElementsOf(IntegrationCatalog.slugs());
    }

    @Test
    void adsCredentials_needOnlyTheRefreshToken() {
        assertThatCode(() -> shapes.requireValidCredentials(entry("ads-api"), Map.of("refresh_token", REFRESH_TOKEN)))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingRequiredField_isNamed() {
        assertThat(credentialViolations("sp-api-sc", Map.of("refresh_token", REFRESH_TOKEN)))
                .containsExactly(new FieldProblem("credentials.selling_partner_id", "is required"));
    }

    @Test
    void noCredentialsAtAll_nameEveryRequiredField() {
        assertThat(credentialViolations("walmart-mp-api", null)).containsExactly(
                new FieldProblem("credentials.client_id", "is required"),
                new FieldProblem("credentials.client_secret", "is required"));
    }

    @Test
    void anUnknownField_isNamed_withTheFieldsTheEntryTakes() {
        assertThat(credentialViolations("ads-api", Map.of("refresh_token", REFRESH_TOKEN, "client_secret", "s3cret")))
                .containsExactly(new FieldProblem("credentials.client_secret",
                        "is not a field of ads-api credentials; it takes refresh_token, profile_id"));
    }

    @Test
    void aSlackUserToken_isRejected_withTheHintFromTheSchema() {
        assertThat(credentialViolations("slack", Map.of("bot_token", "xoxp-1234567890-0987654321-AbCdEf")))
                .containsExactly(new FieldProblem("credentials.bot_token", "has the wrong format: "
                        + "The bot user OAuth token of the Tether app, which starts with \"xoxb-\"."));
    }

    @Test
    void anAdsRefreshToken_thatDoesNotStartWithAtzr_isRejected() {
        assertThat(credentialViolations("ads-api", Map.of("refresh_token", "Atza|an-access-token-not-a-refresh-token")))
                .singleElement().satisfies(violation -> {
                    assertThat(violation.field()).isEqualTo("credentials.refresh_token");
                    assertThat(violation.message()).startsWith("has the wrong format").contains("Atzr|");
                });
    }

    @Test
    void aValueWithATrailingLineBreak_doesNotMatchAnAnchoredPattern() {
        assertThat(credentialViolations("linear", Map.of("api_key", "lin_api_0123456789abcdef\n")))
                .extracting(FieldProblem::field).containsExactly("credentials.api_key");
    }

    @Test
    void anOversizeValue_isRejected_withTheLimit() {
        assertThat(credentialViolations("ads-api", Map.of("refresh_token", "Atzr|" + "a".repeat(2044))))
                .containsExactly(new FieldProblem("credentials.refresh_token", "must be at most 2048 characters"));
    }

    @Test
    void aProfileIdThatIsNotDigits_isRejected() {
        assertThat(credentialViolations("ads-api", Map.of("refresh_token", REFRESH_TOKEN, "profile_id", "12ab")))
                .extracting(FieldProblem::field).containsExactly("credentials.profile_id");
    }

    @Test
    void everyViolation_isReported_sortedByField() {
        ProblemException rejected = rejection(() -> shapes.requireValidCredentials(entry("jira"),
                Map.of("email", "not-an-email", "token", "x")));

        assertThat(rejected.errors()).extracting(FieldProblem::field)
                .containsExactly("credentials.api_token", "credentials.email", "credentials.token");
        assertThat(rejected.code()).isEqualTo(INVALID_SHAPE);
        assertThat(rejected.detail()).isEqualTo("The credentials do not have the shape jira needs.");
    }

    @Test
    void theRejection_neverQuotesAValue() {
        String secret = "Atza|super-secret-value";
        ProblemException rejected = rejection(() -> shapes.requireValidCredentials(entry("ads-api"),
                Map.of("refresh_token", secret, "profile_id", "also-secret")));

        assertThat(rejected.getMessage()).doesNotContain(secret, "also-secret");
        assertThat(rejected.errors()).allSatisfy(violation ->
                assertThat(violation.message()).doesNotContain(secret, "also-secret"));
    }

    @Test
    void jiraConfig_takesACloudSiteUrl() {
        assertThatCode(() -> shapes.requireValidConfig(entry("jira"), json("{\"site_url\":\"https://acme-eu.atlassian.net/\"}")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://acme.atlassian.net", "https://acme.atlassian.net.evil.example",
            "https://jira.acme.example", "https://acme.atlassian.net/jira/projects"})
    void jiraConfig_rejectsASiteUrlOutsideAtlassianCloud(String siteUrl) {
        assertThat(configViolations("jira", "{\"site_url\":\"" + siteUrl + "\"}")).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("config.site_url");
            assertThat(violation.message()).isEqualTo("has the wrong format: The Jira Cloud site, such as https://acme.atlassian.net.");
        });
    }

    @Test
    void jiraConfig_needsASiteUrl_evenWhenNoConfigIsGiven() {
        assertThat(configViolations("jira", null)).containsExactly(new FieldProblem("config.site_url", "is required"));
    }

    @Test
    void configOfTheWrongType_isNamed() {
        assertThat(configViolations("slack", "{\"default_channel\":42,\"notify_on\":[\"account_failed\",\"payday\"]}"))
                .containsExactly(
                        new FieldProblem("config.default_channel", "must be a string"),
                        new FieldProblem("config.notify_on[1]", "must be one of account_connected, account_disconnected, "
                                + "account_failed, account_deleted"));
        assertThat(configViolations("linear", "[]")).containsExactly(new FieldProblem("config", "must be an object"));
    }

    @Test
    void aGithubRepository_needsItsOwner() {
        assertThat(configViolations("github", "{\"repository\":\"tether\"}"))
                .containsExactly(new FieldProblem("config.owner", "is required when repository is given"));
    }

    @Test
    void anEmptyConfig_passes_whenTheSchemaRequiresNothing() {
        assertThatCode(() -> shapes.requireValidConfig(entry("slack"), null)).doesNotThrowAnyException();
        assertThatCode(() -> shapes.requireValidConfig(entry("slack"), json("{}"))).doesNotThrowAnyException();
    }

    @Test
    void anAccountType_takesNoConfig() {
        CatalogEntry ads = IntegrationCatalog.of(IntegrationType.ADS_API);

        assertThatCode(() -> shapes.requireValidConfig(ads, null)).doesNotThrowAnyException();
        assertThat(configViolations("ads-api", "{\"region\":\"EU\"}"))
                .containsExactly(new FieldProblem("config", "must be left out: ads-api takes no config"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySchema")
    void everyCatalogSchema_isAValidDraft202012Schema(String name, String schemaText) throws Exception {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(metaSchema.validate(JSON.readTree(schemaText))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySchema")
    void everyCatalogSchema_isAClosedObject_whoseStringsAreBounded(String name, String schemaText) throws Exception {
        JsonNode schema = JSON.readTree(schemaText);

        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean()).isTrue();
        assertThat(schema.path("additionalProperties").asBoolean()).isFalse();
        // Only a service that takes nothing (generic webhooks) has no properties: it is then an empty closed object.
        assertThat(schema.path("properties").size() > 0 || name.startsWith("generic.")).as(name).isTrue();
        assertThat(schema.path("properties").isObject()).as(name).isTrue();
        for (JsonNode property : schema.path("properties")) {
            JsonNode string = property.path("type").asText().equals("array") ? property.path("items") : property;
            assertThat(string.path("type").asText()).isEqualTo("string");
            assertThat(string.has("maxLength") || string.has("enum")).as(name + " " + property).isTrue();
            assertThat(property.path("description").asText()).isNotBlank();
        }
        if (name.endsWith(".credentials")) {
            assertThat(schema.path("properties")).allSatisfy(property ->
                    assertThat(property.path("type").asText()).as("credentials are strings").isEqualTo("string"));
        }
    }

    @Test
    void endAnchors_becomeEndOfInput_butEscapedOrClassDollarsStay() {
        assertThat(endAnchored("^xoxb-[a-z]+$")).isEqualTo("^xoxb-[a-z]+\\z");
        assertThat(endAnchored("^(a|b$)$")).isEqualTo("^(a|b\\z)\\z");
        assertThat(endAnchored("^price \\$[0-9$]+$")).isEqualTo("^price \\$[0-9$]+\\z");
    }

    static Stream<Arguments> everySchema() {
        List<Arguments> schemas = new ArrayList<>();
        for (CatalogEntry entry : IntegrationCatalog.entries()) {
            schemas.add(Arguments.of(entry.slug() + ".credentials", entry.credentialsSchema()));
            if (entry.configSchema() != null) {
                schemas.add(Arguments.of(entry.slug() + ".config", entry.configSchema()));
            }
        }
        return schemas.stream();
    }

    private List<FieldProblem> credentialViolations(String slug, Map<String, String> credentials) {
        return rejection(() -> shapes.requireValidCredentials(entry(slug), credentials)).errors();
    }

    private List<FieldProblem> configViolations(String slug, String config) {
        return rejection(() -> shapes.requireValidConfig(entry(slug), config == null ? null : json(config))).errors();
    }

    private static ProblemException rejection(ThrowingCallable call) {
        ProblemException rejected = catchThrowableOfType(ProblemException.class, call);
        assertThat(rejected).as("expected a ProblemException").isNotNull();
        assertThat(rejected.code()).isEqualTo(INVALID_SHAPE);
        return rejected;
    }

    private static String endAnchored(String regex) {
        return CredentialShapes.EcmaEndAnchors.endAnchored(regex);
    }

    private static CatalogEntry entry(String slug) {
        return IntegrationCatalog.find(slug).orElseThrow();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
