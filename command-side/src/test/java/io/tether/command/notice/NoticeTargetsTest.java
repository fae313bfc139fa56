package io.tether.command.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoticeTargetsTest {

    private final NoticeTargets strict = new NoticeTargets(properties(false));
    private final NoticeTargets permissive = new NoticeTargets(properties(true));

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://localhost/hook", "https://10.0.0.8/hook",
            "https://172.16.3.4/hook", "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/hook", "https://0.0.0.0/hook", "https://[::1]/hook", "https://[fd00::1]/hook",
            "https://[fe80::1]/hook", "https://[::ffff:10.0.0.1]/hook", "https://[64:ff9b::a9fe:a9fe]/hook",
            "https://224.0.0.1/hook"})
    void aPrivateLoopbackOrLinkLocalTarget_isRefused(String url) {
        assertThat(strict.refusal(url)).hasValueSatisfying(refusal -> assertThat(refusal).contains("private"));
        assertThat(permissive.refusal(url)).as("unless the setting allows it").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.215.14/hook", "ftp://93.184.215.14/hook", "//93.184.215.14/hook", "not a url"})
    void aTargetThatIsNotHttps_isRefused(String url) {
        assertThat(strict.refusal(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:pass@93.184.215.14/hook", "https://93.184.215.14/hook#fragment"})
    void userInformationOrAFragment_isRefused(String url) {
        assertThat(strict.refusal(url)).hasValueSatisfying(refusal -> assertThat(refusal).contains("user information"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/hook", "https://[2606:4700:4700::1111]/hook"})
    void aPublicHttpsTarget_isAccepted(String url) {
        assertThat(strict.refusal(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook"})
    void http_isAccepted_whenTheSettingAllowsPrivateTargets(String url) {
        assertThat(permissive.refusal(url)).isEmpty();
    }

    private static NoticeProperties properties(boolean allowPrivateTargets) {
        return new NoticeProperties(true, allowPrivateTargets, Duration.ofSeconds(5), Duration.ofSeconds(15),
                List.of(Duration.ofSeconds(5)), 0.2, Duration.ofHours(24), Duration.ofDays(5), Duration.ofSeconds(1), 8, 4,
                Duration.ofMinutes(1), "https://slack.com/api", "https://hooks.slack.com", Duration.ofDays(30), 500,
                Duration.ofMinutes(5));
    }
}
