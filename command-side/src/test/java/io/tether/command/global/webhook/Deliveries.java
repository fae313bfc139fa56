package io.tether.command.global.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * What the format tests share: a delivery from headers and a body, the code a refusal carries, and an
 * HMAC-SHA256 written out plainly, independently of the code under test.
 */
final class Deliveries {

    private Deliveries() {
    }

    /** Headers as name, value, name, value…; names as providers spell them, looked up in lower case. */
    static IncomingDelivery delivery(String body, String... headers) {
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            byName.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
        }
        return new IncomingDelivery(byName, body.getBytes(StandardCharsets.UTF_8));
    }

    static void assertRefused(ProblemCode code, ThrowingCallable verification) {
        assertThatThrownBy(verification).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.code()).isEqualTo(code));
    }

    static String hmacHex(String secret, String content) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), content));
    }

    static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
