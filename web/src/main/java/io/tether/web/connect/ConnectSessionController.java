package io.tether.web.connect;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;
import static io.tether.api.problem.ProblemCode.INVALID_CONNECT_SESSION;
import static io.tether.api.problem.ProblemCode.UNKNOWN_INTEGRATION;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.PlainTextValidator;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.problem.FieldProblem;
import io.tether.api.problem.Refuses;
import io.tether.command.oauth.FrontendProperties;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.CorsProperties;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.EndUser;
import jakarta.annotation.Nullable;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A platform's backend asks for a hosted connect page for one of its users: the integrations to offer, the end user
 * the page acts for, and the origin of the window that opens it (the only origin the page reports to).
 */
@RestController
@Tag(name = "connect", description = "The hosted connect page: connect sessions whose one-time token opens it")
class ConnectSessionController {

    private static final int MAX_END_USER_TEXT = 200;
    /** It is shown on the page and recorded in the audit metadata of every event the page causes. */
    private static final String PLAIN_TEXT = "is at most " + MAX_END_USER_TEXT
            + " characters of plain text on one line (no control, format or unpaired surrogate characters)";

    private final ConnectSessions sessions;
    private final CorsProperties cors;

    ConnectSessionController(ConnectSessions sessions, CorsProperties cors) {
        this.sessions = sessions;
        this.cors = cors;
    }

    @PostMapping("/integrations/connect-sessions")
    @Operation(operationId = "createConnectSession", summary = "Open a connect session for the hosted connect page",
            description = "A one-time token, and the URL of the page it opens (GET /connect?session=…), for the "
                    + "caller's organization: the page offers the integrations asked for (every catalog entry when "
                    + "absent), acts for the end user (recorded in the audit metadata of what it does) and reports to "
                    + "origin only. The token opens the page once, until expires_at (tether.connect.session-lifetime); "
                    + "Tether keeps only its hash. origin is https, or http on a loopback host, or one of "
                    + "tether.security.cors.allowed-origins.")
    @ResponseStatus(HttpStatus.CREATED)
    @AllowedRoles({Roles.ADMIN, Roles.SERVICE})
    @Refuses({UNKNOWN_INTEGRATION, INVALID_CONNECT_SESSION})
    ConnectSessionView create(@RequestBody CreateConnectSessionRequest request, Caller caller) {
        List<String> integrations = offered(request.integrations());
        EndUser endUser = endUser(request.endUser());
        String origin = origin(request.origin());
        ConnectSessions.Created created = sessions.create(new ConnectSession(caller.organizationId(), caller.subject(),
                integrations, endUser, origin));
        URI url = ServletUriComponentsBuilder.fromCurrentContextPath().path("/connect")
                .queryParam("session", created.token()).build().toUri();
        return new ConnectSessionView(created.token(), created.expiresAt(), url, integrations);
    }

    /**
     * The API's problem answers, here too: the pages' advice ({@code PageErrors}) covers this module's controllers
     * and would answer a page; a controller's own handlers come first.
     */
    private static List<String> offered(List<String> asked) {
        if (asked == null) {
            return List.copyOf(IntegrationCatalog.slugs());
        }
        List<FieldProblem> unknown = new ArrayList<>();
        for (int index = 0; index < asked.size(); index++) {
            if (IntegrationCatalog.find(asked.get(index)).isEmpty()) {
                unknown.add(new FieldProblem("integrations[" + index + "]", "is not a slug of the integration catalog"));
            }
        }
        if (!unknown.isEmpty()) {
            throw UNKNOWN_INTEGRATION.exception("A connect page offers integrations of the catalog only: "
                    + String.join(", ", IntegrationCatalog.slugs())).withErrors(unknown)
                    .with("known_integrations", List.copyOf(IntegrationCatalog.slugs()));
        }
        if (asked.isEmpty()) {
            throw INVALID_CONNECT_SESSION.fieldException("integrations",
                    "offers at least one; left out, it offers every catalog entry");
        }
        return List.copyOf(new LinkedHashSet<>(asked));
    }

    private static EndUser endUser(EndUserRequest endUser) {
        if (endUser == null) {
            return null;
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (endUser.id() == null || endUser.id().isBlank()) {
            problems.add(new FieldProblem("end_user.id", "is required when end_user is given"));
        } else if (endUser.id().length() > MAX_END_USER_TEXT || !PlainTextValidator.isPlain(endUser.id(), false)) {
            problems.add(new FieldProblem("end_user.id", PLAIN_TEXT));
        }
        if (endUser.displayName() != null && (endUser.displayName().length() > MAX_END_USER_TEXT
                || !PlainTextValidator.isPlain(endUser.displayName(), false))) {
            problems.add(new FieldProblem("end_user.display_name", PLAIN_TEXT));
        }
        if (!problems.isEmpty()) {
            throw INVALID_CONNECT_SESSION.exception("The end user has invalid fields").withErrors(problems);
        }
        String displayName = endUser.displayName() == null || endUser.displayName().isBlank() ? null
                : endUser.displayName().strip();
        return new EndUser(endUser.id().strip(), displayName);
    }

    /**
     * scheme://host[:port], compared exactly by postMessage. https anywhere; http only where no network sits between
     * the browser and the frontend (a loopback host) or where the operator allowed that origin for CORS.
     */
    private String origin(String origin) {
        if (origin == null || origin.isBlank()) {
            throw INVALID_CONNECT_SESSION.fieldException("origin", "is required: the origin the page reports to");
        }
        String normalized = normalized(origin.strip());
        if (normalized == null) {
            throw INVALID_CONNECT_SESSION.fieldException("origin",
                    "is an origin such as https://app.example.com, without a path");
        }
        boolean allowed = normalized.startsWith("https://") || isLoopback(normalized)
                || cors.allowedOrigins().stream().map(ConnectSessionController::normalized).anyMatch(normalized::equals);
        if (!allowed) {
            throw INVALID_CONNECT_SESSION.fieldException("origin",
                    "is https, unless it is a loopback host or one of the allowed frontend origins");
        }
        return normalized;
    }

    private static boolean isLoopback(String origin) {
        String host = URI.create(origin).getHost();
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    private static String normalized(String origin) {
        return FrontendProperties.originOf(origin).orElse(null);
    }

    record CreateConnectSessionRequest(
            @Schema(description = "Catalog slugs of the integrations to offer; absent, every catalog entry",
                    example = "[\"walmart-mp-api\", \"ads-api\"]") @Nullable List<String> integrations,
            @Schema(description = "The platform's user the page acts for, recorded in the audit metadata of what it "
                    + "does") @Nullable EndUserRequest endUser,
            @Schema(requiredMode = REQUIRED, description = "The origin of the window that opens the page: the only one "
                    + "it reports to", example = "https://app.example.com") String origin) {
    }

    record EndUserRequest(@Schema(requiredMode = REQUIRED, description = "The platform's id of the user",
                                  example = "user-4711") String id,
                          @Schema(description = "A name to show and record", example = "Ada Lovelace")
                          @Nullable String displayName) {
    }

    /** The one-time token (shown once: Tether keeps only its hash), until when it opens the page, and the page. */
    record ConnectSessionView(String token, Instant expiresAt, URI url, List<String> integrations) {

        @Override
        public String toString() {
            return "ConnectSessionView[token=<redacted>, expiresAt=" + expiresAt + ", url=<redacted>, integrations="
                    + integrations + "]";
        }
    }
}
