package io.tether.command.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardWebhookSignatureTest {

    /** The example of the Standard Webhooks specification's reference libraries. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void aSignature_isTheSpecificationsExample() {
        assertThat(StandardWebhookSignature.of(List.of(SECRET), ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void twoSecrets_signSpaceSeparated_inTheirOrder() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
        String both = StandardWebhookSignature.of(List.of(SECRET, other), ID, TIMESTAMP, BODY);
        assertThat(both.split(" ")).hasSize(2);
        assertThat(both).startsWith("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,");
    }
}
