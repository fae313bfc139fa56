package io.tether.api.account;

import jakarta.annotation.Nullable;
import java.util.List;

/** One page of accounts; {@code nextCursor} is null on the last page. */
public record AccountPageView(List<AccountView> items, @Nullable String nextCursor) {
}
