package io.tether.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The platform's backend opens the console for its signed-in user: a one-time link that signs a browser in as the
 * bearer token's caller (subject, organization, roles), and then the console shows what those roles may read.
 */
@RestController
@Tag(name = "console", description = "The console: pages for an organization's admins and auditors")
public class ConsoleSessionController {

    private final ConsoleLinks links;

    ConsoleSessionController(ConsoleLinks links) {
        this.links = links;
    }

    @PostMapping("/integrations/console-sessions")
    @Operation(operationId = "createConsoleSession", summary = "Open the console for the caller",
            description = "A one-time link to the console, signed in as the bearer token's subject, organization and "
                    + "roles. It works once, within tether.console.link-ttl (2 minutes by default); Tether keeps only "
                    + "its hash. Open it in the user's browser: the link leaves the address bar at once.")
    @ResponseStatus(HttpStatus.CREATED)
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE, Roles.PLATFORM_ADMIN})
    ConsoleSessionView create(Caller caller) {
        ConsoleLinks.MintedLink minted = links.mint(caller);
        URI url = ServletUriComponentsBuilder.fromCurrentContextPath().path(ConsoleLinks.ENTER)
                .queryParam("link", minted.link()).build().toUri();
        return new ConsoleSessionView(url.toString(), minted.expiresAt());
    }

    record ConsoleSessionView(
            @Schema(requiredMode = REQUIRED, description = "The one-time link to open in the user's browser",
                    example = "https://tether.example.com/console/enter?link=k3J9cXfQ2Zr7T1vLx0pWb8sYhN4uGm6aEoDi5jRtVwA")
            String url,
            @Schema(requiredMode = REQUIRED, description = "After this instant the link opens nothing")
            Instant expiresAt) {

        @Override
        public String toString() {
            return "ConsoleSessionView[url=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }
}
