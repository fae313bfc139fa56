package io.tether.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A stand-in for Slack's Web API (it cannot run here), speaking its documented {@code chat.postMessage}:
 * a JSON body with {@code channel} and {@code text} under a bearer bot token, answered 200 with
 * {@code {"ok":true,…}}, or {@code {"ok":false,"error":"channel_not_found"}} for the channel
 * {@value #MISSING_CHANNEL}. Started once for the shared application. {@code SlackInstallTest} adds its
 * {@code oauth.v2.access} answers, one per authorization code.
 */
final class SlackStandIn {

    static final String MISSING_CHANNEL = "#no-such-channel";
    static final String ARCHIVED_HOOK = "archived";
    static final WireMockServer SLACK = new WireMockServer(options().dynamicPort());

    static {
        SLACK.start();
        SLACK.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"ok\":true,\"channel\":\"C024BE91L\",\"ts\":\"1503435956.000247\"}")));
        SLACK.stubFor(post(urlEqualTo("/api/chat.postMessage"))
                .withRequestBody(containing(MISSING_CHANNEL))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        SLACK.stubFor(post(urlPathMatching("/services/.+")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("ok")));
        SLACK.stubFor(post(urlPathMatching("/services/.+/" + ARCHIVED_HOOK)).atPriority(1).willReturn(aResponse().withStatus(410)
                .withHeader("Content-Type", "text/html").withBody("channel_is_archived")));
    }

    private SlackStandIn() {
    }

    /** Where the incoming-webhook URLs' {@code https://hooks.slack.com} points in the tests. */
    static String hooksBase() {
        return SLACK.baseUrl();
    }

    static String apiBase() {
        return SLACK.baseUrl() + "/api";
    }
}
