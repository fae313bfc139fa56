package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tether.app.Api.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Log lines an operator can trust: expected refusals in one line, no forged lines from a token's values. */
@ExtendWith(OutputCaptureExtension.class)
class LogLinesTest extends EndToEndTest {

    @Test
    void aCommandOnAnUnknownOrForeignAccount_isRefused_withoutAStackTraceInTheLog(CapturedOutput output) {
        String foreign = newOrganization().post("/integrations/accounts", adsAccount("Foreign")).body().get("id").asText();
        Api caller = newOrganization();
        int before = output.getAll().length();

        for (String account : List.of(UUID.randomUUID().toString(), foreign)) {
            Response refused = caller.post("/integrations/accounts/" + account + "/disconnect", null);
            assertThat(refused.status()).isEqualTo(404);
        }

        String logged = output.getAll().substring(before);
        assertThat(logged).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(logged.lines().filter(line -> line.contains("/disconnect"))).hasSize(2);
    }

    @Test
    void aLineBreakInATokensSubject_cannotForgeALogLine(CapturedOutput output) {
        String token = Tokens.signed(Tokens.SECRET, Map.of("sub", "mallory\nFORGED GET /admin 200", "org_id",
                UUID.randomUUID().toString(), "roles", List.of("viewer")), Instant.now().plusSeconds(600));
        int before = output.getAll().length();

        new Api(http, token).get("/integrations/accounts");

        String logged = output.getAll().substring(before);
        assertThat(logged).contains("mallory\\u000AFORGED GET /admin 200");
        assertThat(logged.lines()).noneMatch(line -> line.startsWith("FORGED"));
    }
}
