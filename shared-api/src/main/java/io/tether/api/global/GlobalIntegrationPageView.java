package io.tether.api.global;

import jakarta.annotation.Nullable;
import java.util.List;

/** One page of global integrations; {@code nextCursor} is null on the last page. */
public record GlobalIntegrationPageView(List<GlobalIntegrationView> items, @Nullable String nextCursor) {
}
