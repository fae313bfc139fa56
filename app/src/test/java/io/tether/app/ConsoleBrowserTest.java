package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tether.app.Api.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The console in a real Chromium, signed in by one-time links minted through the API: an auditor reading an
 * account's timeline and its state at an instant, a viewer who cannot delete, a form without its CSRF token,
 * a replay's progress followed by the page's script, sign-out, spent and expired links. axe-core on every page shown.
 */
class ConsoleBrowserTest extends EndToEndTest {

    private Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = Browser.startOrSkip();
    }

    @AfterEach
    void closeBrowser() {
        // null where the browser's assumption skipped the test
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAuditor_readsAnAccountsTimeline_andItsStateAtAnInstant_andTheAuditLog() throws Exception {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String accountId = admin.post("/integrations/accounts", adsAccount("Console EU Ads")).body().get("id").asText();
        admin.post("/integrations/accounts/" + accountId + "/connect",
                "{\"credentials\":{\"refresh_token\":\"Atzr|console-secret\",\"profile_id\":\"123456\"}}");
        // A datetime-local field holds milliseconds at most.
        Instant whileConnected = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        await().until(() -> Instant.now().isAfter(whileConnected.plusMillis(5)));
        Response failed = admin.post("/integrations/accounts/" + accountId + "/mark-failed",
                "{\"error_message\":\"Amazon refused the refresh token\"}");
        admin.get("/integrations/accounts/" + accountId, failed.position());

        signIn(organization, "auditor");
        WebDriver page = browser.driver();
        assertThat(page.getCurrentUrl()).endsWith("/console");
        browser.assertAccessible();
        browser.follow(page.findElement(By.linkText("Console EU Ads")));

        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("ERROR");
        assertThat(page.findElement(By.id("error-message")).getText()).isEqualTo("Amazon refused the refresh token");
        String timeline = page.findElement(By.id("timeline")).getText();
        assertThat(timeline).contains("AccountCreatedEvent", "AccountConnectedEvent", "AccountMarkedFailedEvent", "alice",
                "127.0.0.1", "sealed");
        assertThat(page.getPageSource()).doesNotContain("console-secret", "vault:v", "local:v");
        assertThat(page.findElements(By.id("action-delete"))).as("an auditor changes nothing").isEmpty();
        browser.assertAccessible();
        browser.script("document.getElementById('timeline-heading').scrollIntoView();");
        browser.screenshot("console-account-timeline");

        browser.script("document.getElementById('at').value = arguments[0];",
                LocalDateTime.ofInstant(whileConnected, ZoneOffset.UTC).toString());
        browser.follow(page.findElement(By.id("show-state")));

        assertThat(page.findElement(By.id("state-status")).getText()).isEqualTo("CONNECTED");
        assertThat(page.findElement(By.id("status")).getText()).as("the account now").isEqualTo("ERROR");
        browser.assertAccessible();

        browser.follow(page.findElement(By.linkText("Audit log")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            page.navigate().refresh();
            assertThat(page.findElement(By.id("audit-log")).getText()).contains("AccountMarkedFailedEvent");
        });
        browser.screenshot("console-audit-log");
        browser.follow(page.findElement(By.id("verify-chains")));
        assertThat(page.findElement(By.id("verification")).getText()).contains("intact");
        browser.assertAccessible();

        browser.narrow();
        page.navigate().refresh();
        assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;")).isEqualTo(true);
        browser.assertAccessible();
    }

    @Test
    void aViewer_seesNoDeleteControl_andAForgedDeleteIsRefused() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String accountId = listedAccount(admin, "Viewer's Ads");

        signIn(organization, "viewer");
        WebDriver page = browser.driver();
        browser.follow(page.findElement(By.linkText("Viewer's Ads")));

        assertThat(page.findElement(By.id("status")).getText()).isEqualTo("DISCONNECTED");
        assertThat(page.findElements(By.cssSelector("[id^=action-]"))).isEmpty();
        assertThat(page.findElements(By.id("timeline"))).as("the audit trail is the auditors'").isEmpty();
        browser.assertAccessible();

        Object status = browser.script("""
                const token = document.querySelector('input[name=_csrf]').value;
                return fetch(arguments[0], {method: 'POST', body: new URLSearchParams({_csrf: token})})
                    .then(answer => answer.status);""", "/console/accounts/" + accountId + "/delete");

        assertThat(status).isEqualTo(403L);
        assertThat(admin.get("/integrations/accounts/" + accountId).status()).isEqualTo(200);
    }

    @Test
    void aFormWithoutItsCsrfToken_isRefused_andWithIt_anAdminDeletesAfterConfirming() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        String accountId = listedAccount(admin, "Doomed Ads");

        signIn(organization, "admin");
        WebDriver page = browser.driver();
        browser.follow(page.findElement(By.linkText("Doomed Ads")));
        browser.assertAccessible();
        browser.follow(page.findElement(By.id("action-delete")));
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Delete: Doomed Ads?");
        browser.assertAccessible();

        browser.script("document.querySelectorAll('main input[name=_csrf]').forEach(field => field.remove());");
        browser.follow(page.findElement(By.id("confirm")));

        assertThat(page.findElement(By.id("refusal")).getText()).contains("without its security token");
        browser.assertAccessible();
        assertThat(admin.get("/integrations/accounts/" + accountId).status()).isEqualTo(200);

        page.navigate().back();
        page.navigate().refresh();
        browser.follow(page.findElement(By.id("confirm")));

        assertThat(page.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Delete: done.");
        assertThat(page.findElements(By.linkText("Doomed Ads"))).isEmpty();
        assertThat(admin.get("/integrations/accounts/" + accountId).status()).isEqualTo(404);
    }

    @Test
    void anAdmin_retriesAFailedNoticeDelivery_andAPlatformAdmin_seesTheProjectionsAndDeadLetters() {
        UUID organization = UUID.randomUUID();
        Api admin = as(organization, "admin");
        try (NoticeReceiver receiver = new NoticeReceiver()) {
            receiver.answerWith(() -> 500);
            NoticesTest.register(admin, receiver, "[\"account.created\"]");
            admin.post("/integrations/accounts", adsAccount("Noticed in the console"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received().isEmpty());

            signIn(organization, "admin", "platform_admin");
            WebDriver page = browser.driver();
            browser.follow(page.findElement(By.linkText("Webhooks")));
            browser.follow(page.findElement(By.linkText(receiver.url())));
            assertThat(page.findElement(By.id("deliveries")).getText()).contains("account.created");
            browser.assertAccessible();

            receiver.answerWith(() -> 200);
            browser.follow(page.findElement(By.cssSelector("#deliveries button")));

            assertThat(page.findElement(By.cssSelector("[role=status]")).getText()).contains("will be retried now");
            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.delivered().isEmpty());
        }

        WebDriver page = browser.driver();
        browser.follow(page.findElement(By.linkText("Operations")));
        assertThat(page.findElement(By.id("projections")).getText()).contains("of");
        assertThat(page.findElements(By.id("dead-letters"))).hasSize(1);
        browser.assertAccessible();
    }

    @Test
    void aReplaysProgress_followsByItself_untilItIsDone_withoutAReload() {
        signIn(UUID.randomUUID(), "platform_admin");
        WebDriver page = browser.driver();
        browser.follow(page.findElement(By.linkText("Operations")));
        browser.assertAccessible();

        browser.follow(page.findElement(By.cssSelector("button[aria-label='Replay integration-accounts']")));
        assertThat(page.findElement(By.cssSelector("main .notice[role=status]")).getText())
                .isEqualTo("Replay of integration-accounts started.");
        browser.script("window.sameDocument = true;");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page.findElement(By.id("replay-progress"))
                .getText()).isEqualTo("Replay done: every projection has caught up."));
        assertThat(browser.script("return window.sameDocument === true;")).as("the page was not reloaded").isEqualTo(true);
        assertThat(page.findElement(By.cssSelector("tr[data-projection='integration-accounts'] .projection-position"))
                .getText()).endsWith("caught up");
        long reads = progressReads();
        assertThat(reads).as("the script read the progress").isPositive();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> progressReads() == reads);
        browser.assertAccessible();
    }

    @Test
    void signingOut_endsTheSession() {
        signIn(UUID.randomUUID(), "admin");
        WebDriver page = browser.driver();

        browser.follow(page.findElement(By.id("sign-out")));

        assertThat(page.findElement(By.id("signed-out")).getText()).contains("Your console session has ended");
        browser.assertAccessible();
        page.get(http.getRootUri() + "/console");
        assertThat(page.findElement(By.id("refusal")).getText()).contains("Open a new link");
    }

    @Test
    void aSpentLink_andAnExpiredLink_sayWhich() throws Exception {
        String url = consoleLink(UUID.randomUUID(), "admin");
        WebDriver page = browser.driver();
        page.get(url);
        browser.follow(page.findElement(By.id("sign-out")));

        page.get(url);
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("This link has already been used");
        browser.assertAccessible();

        String expired = consoleLink(UUID.randomUUID(), "admin");
        jdbc.update("UPDATE console_links SET expires_at = now() - interval '1 second' WHERE link_hash = ?",
                ConsoleSessionTest.sha256(ConsoleSessionTest.linkOf(expired)));
        page.get(expired);
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("This link has expired");
        browser.assertAccessible();
    }

    /** How often the page's script has read the projections' progress. */
    private long progressReads() {
        return (Long) browser.script("return performance.getEntriesByType('resource')"
                + ".filter(entry => entry.name.endsWith('/console/operations/projections')).length;");
    }

    /** A new account, once the read model the console lists shows it. */
    private static String listedAccount(Api admin, String name) {
        Response created = admin.post("/integrations/accounts", adsAccount(name));
        String accountId = created.body().get("id").asText();
        admin.get("/integrations/accounts/" + accountId, created.position());
        return accountId;
    }

    private void signIn(UUID organization, String... roles) {
        signIn(browser, http, organization, roles);
    }

    private String consoleLink(UUID organization, String... roles) {
        return consoleLink(http, organization, roles);
    }

    /** Signs the browser in with a new console link for a member of the organization with these roles. */
    static void signIn(Browser browser, TestRestTemplate http, UUID organization, String... roles) {
        browser.driver().get(consoleLink(http, organization, roles));
        assertThat(browser.driver().getCurrentUrl()).as("the link leaves the address bar").doesNotContain("link=");
    }

    private static String consoleLink(TestRestTemplate http, UUID organization, String... roles) {
        Response minted = new Api(http, Tokens.forOrganization(organization, roles)).post("/integrations/console-sessions", null);
        assertThat(minted.status()).isEqualTo(201);
        return minted.body().get("url").asText();
    }
}
