package io.tether.api.account;

import java.util.List;

/** One page of accounts; {@code nextCursor} is null on the last page. */
public record AccountPageView(List<AccountView> items, String nextCursor) {
}
