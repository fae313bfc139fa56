package io.tether.query.account;

import io.tether.api.account.AccountPageView;
import io.tether.api.account.AccountView;
import io.tether.api.account.FindAccountQuery;
import io.tether.api.account.FindAccountsQuery;
import io.tether.query.Listing.Page;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class AccountQueryHandler {

    private final AccountReadModel accounts;

    AccountQueryHandler(AccountReadModel accounts) {
        this.accounts = accounts;
    }

    @QueryHandler
    Optional<AccountView> handle(FindAccountQuery query) {
        return accounts.find(query.organizationId(), query.accountId());
    }

    @QueryHandler
    AccountPageView handle(FindAccountsQuery query) {
        Page<AccountView> page = accounts.findPage(query);
        return new AccountPageView(page.items(), page.nextCursor());
    }
}
