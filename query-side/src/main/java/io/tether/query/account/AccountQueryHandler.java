package io.tether.query.account;

import io.tether.api.account.AccountPageView;
import io.tether.api.account.AccountView;
import io.tether.api.account.FindAccountQuery;
import io.tether.api.account.FindAccountsQuery;
import java.util.List;
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
        AccountCursor after = query.cursor() == null ? null : AccountCursor.decode(query.cursor());
        List<AccountView> rows = accounts.findPage(query, after);
        if (rows.size() <= query.limit()) {
            return new AccountPageView(rows, null);
        }
        List<AccountView> page = rows.subList(0, query.limit());
        AccountView last = page.get(page.size() - 1);
        return new AccountPageView(List.copyOf(page), new AccountCursor(last.createdAt(), last.id()).encode());
    }
}
