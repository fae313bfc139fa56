package io.tether.query.account;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.INVALID_CURSOR;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tether.api.account.AccountPageView;
import io.tether.api.account.AccountStatus;
import io.tether.api.account.AccountView;
import io.tether.api.account.AdsProfilesView;
import io.tether.api.account.FindAdsProfilesQuery;
import io.tether.api.account.FindAccountQuery;
import io.tether.api.account.FindAccountsQuery;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.problem.Refuses;
import io.tether.eventing.ReadYourWrites;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.ConsistencyHeaders;
import io.tether.query.PageCursor;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/integrations/accounts")
@Tag(name = "accounts", description = "Integration accounts: an organization's connections to Amazon and Walmart "
        + "marketplace accounts")
class AccountQueryController {

    static final int MAX_PAGE_SIZE = 200;

    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;

    AccountQueryController(QueryGateway queries, ReadYourWrites readYourWrites) {
        this.queries = queries;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping
    @Operation(operationId = "listAccounts", summary = "List the organization's accounts",
            description = "Oldest first, filtered by marketplace, integration type and status, a page of at most "
                    + "limit accounts; next_cursor fetches the next page (null on the last one).")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE})
    @Refuses({INVALID_CURSOR})
    ResponseEntity<AccountPageView> list(
            @RequestParam(required = false) Marketplace marketplace,
            @RequestParam(name = "integration_type", required = false) IntegrationType integrationType,
            @RequestParam(required = false) AccountStatus status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int limit,
            @RequestParam(required = false) String cursor,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        if (cursor != null) {
            PageCursor.decode(cursor);
        }
        String consistency = readYourWrites.await(minPosition, AccountProjection.PROCESSING_GROUP).headerValue();
        AccountPageView page = queries.query(new FindAccountsQuery(caller.organizationId(), marketplace,
                integrationType, status, limit, cursor), AccountPageView.class).join();
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency).body(page);
    }

    @GetMapping("/{accountId}")
    @Operation(operationId = "getAccount", summary = "Get an account",
            description = "One account of the organization, never its credentials. Another organization's account is "
                    + "not found.")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE})
    @Refuses({ACCOUNT_NOT_FOUND})
    ResponseEntity<AccountView> get(
            @PathVariable UUID accountId,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        String consistency = readYourWrites.await(minPosition, AccountProjection.PROCESSING_GROUP).headerValue();
        AccountView account = queries.query(new FindAccountQuery(caller.organizationId(), accountId),
                        ResponseTypes.optionalInstanceOf(AccountView.class)).join()
                .orElseThrow(() -> ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist"));
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency).body(account);
    }

    /** The Amazon Ads profiles fetched for the account after its OAuth flow, and the one chosen ({@code PUT …/profile}). */
    @GetMapping("/{accountId}/ads-profiles")
    @Operation(operationId = "listAdsProfiles", summary = "List an Amazon Ads account's advertising profiles",
            description = "The profiles Amazon listed for the account after its OAuth flow, and the one an admin chose.")
    @AllowedRoles({Roles.VIEWER, Roles.ADMIN, Roles.AUDITOR, Roles.SERVICE})
    @Refuses({ACCOUNT_NOT_FOUND})
    ResponseEntity<AdsProfilesView> adsProfiles(
            @PathVariable UUID accountId,
            @RequestHeader(name = ConsistencyHeaders.MIN_POSITION, required = false) Long minPosition,
            Caller caller) {
        String consistency = readYourWrites.await(minPosition, AccountProjection.PROCESSING_GROUP).headerValue();
        AdsProfilesView profiles = queries.query(new FindAdsProfilesQuery(caller.organizationId(), accountId),
                        ResponseTypes.optionalInstanceOf(AdsProfilesView.class)).join()
                .orElseThrow(() -> ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist"));
        return ResponseEntity.ok().header(ConsistencyHeaders.CONSISTENCY, consistency).body(profiles);
    }
}
