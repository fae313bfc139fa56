package io.tether.web.connect;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.INVALID_SHAPE;
import static io.tether.api.problem.ProblemCode.UNKNOWN_INTEGRATION;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.account.AccountPageView;
import io.tether.api.account.AccountView;
import io.tether.api.account.AdsProfilesView;
import io.tether.api.account.ChooseAdsProfileCommand;
import io.tether.api.account.ConnectAccountCommand;
import io.tether.api.account.CreateAccountCommand;
import io.tether.api.account.DeleteAccountCommand;
import io.tether.api.account.FindAccountQuery;
import io.tether.api.account.FindAccountsQuery;
import io.tether.api.account.FindAdsProfilesQuery;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Region;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.global.CreateGlobalIntegrationCommand;
import io.tether.api.global.DeleteGlobalIntegrationCommand;
import io.tether.api.global.FindGlobalIntegrationQuery;
import io.tether.api.global.FindGlobalIntegrationsQuery;
import io.tether.api.global.GlobalIntegrationPageView;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.PatchedField;
import io.tether.api.global.UpdateGlobalIntegrationCommand;
import io.tether.api.problem.ProblemException;
import io.tether.api.oauth.OAuthFlow;
import io.tether.command.oauth.OAuthStarts;
import io.tether.command.provider.CredentialChecks;
import io.tether.command.provider.ProviderProperties;
import io.tether.eventing.EventStorePositions;
import io.tether.eventing.ReadYourWrites;
import io.tether.infrastructure.RandomUuids;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.security.Roles;
import io.tether.infrastructure.web.EndUser;
import io.tether.web.PageArea;
import io.tether.web.PageController;
import io.tether.web.PageSignIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The hosted connect page: its door ({@code /connect?session=…}, which uses up the session's token and signs the
 * browser in), the gallery of the offered integrations with the organization's connections, the forms generated from
 * the catalog's credential schemas, and what comes after connecting (test connection, reconnect, the Ads profile).
 * Every action sends the command the REST API sends for it, checked as the REST API checks it.
 */
@PageController
class ConnectPages {

    private static final int CONNECTIONS_SHOWN = 100;
    private static final String ACCOUNTS_GROUP = "integration-accounts";
    private static final String GLOBAL_GROUP = "global-integrations";

    private final ConnectSessions sessions;
    private final PageSignIn signIn;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final CredentialChecks checks;
    private final ProviderProperties providers;
    private final EventStorePositions positions;
    private final ReadYourWrites readYourWrites;
    private final OAuthStarts oauth;
    private final ObjectMapper json = new ObjectMapper();

    ConnectPages(ConnectSessions sessions, PageSignIn signIn, CommandGateway commands, QueryGateway queries,
                 CredentialChecks checks, ProviderProperties providers, EventStorePositions positions,
                 ReadYourWrites readYourWrites, OAuthStarts oauth) {
        this.oauth = oauth;
        this.sessions = sessions;
        this.signIn = signIn;
        this.commands = commands;
        this.queries = queries;
        this.checks = checks;
        this.providers = providers;
        this.positions = positions;
        this.readYourWrites = readYourWrites;
    }

    /**
     * The door: a token that opens the page once. The browser is signed in with the session creator's subject and
     * the one role connecting takes; the page offers nothing but connecting. The redirect takes the token out of
     * the address bar and the history.
     */
    @GetMapping("/connect")
    Object open(@RequestParam(name = "session", required = false) String token, HttpServletRequest request,
                HttpServletResponse response) {
        ConnectSessions.Opening opening = sessions.open(token);
        if (opening.session() == null) {
            return refused(opening.refusal());
        }
        ConnectSession session = opening.session();
        signIn.signIn(new Caller(session.createdBy(), session.organizationId(), Set.of(Roles.ADMIN)), PageArea.CONNECT,
                request, response);
        HttpSession page = request.getSession();
        page.setAttribute(ConnectSession.SESSION_ATTRIBUTE, session);
        if (session.endUser() != null) {
            page.setAttribute(EndUser.SESSION_ATTRIBUTE, session.endUser());
        }
        return "redirect:/connect/gallery";
    }

    private static ModelAndView refused(ConnectSessions.Refusal refusal) {
        String title;
        String message;
        HttpStatus status;
        switch (refusal) {
            case EXPIRED -> {
                status = HttpStatus.GONE;
                title = "This link has expired";
                message = "A connect link works for a short time only, and this one's time is over. Go back to the "
                        + "application you came from and open the connect page again.";
            }
            case USED -> {
                status = HttpStatus.GONE;
                title = "This link was already used";
                message = "A connect link opens the page once, and this one has been opened before. Go back to the "
                        + "application you came from and open the connect page again.";
            }
            default -> {
                status = HttpStatus.NOT_FOUND;
                title = "This link is not valid";
                message = "This connect link is not one Tether issued, or it was copied incompletely. Go back to the "
                        + "application you came from and open the connect page again.";
            }
        }
        return new ModelAndView("refused", Map.of("status", status.value(), "title", title, "message", message), status);
    }

    @GetMapping("/connect/gallery")
    String gallery(@RequestParam(name = "reported", required = false) UUID reported,
                   @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                   Model model) {
        if (reported != null) {
            // Back from a connect (a form, or a provider's redirect): the cards show it, however busy the read models.
            readYourWrites.await(positions.latestOf(reported), List.of(ACCOUNTS_GROUP, GLOBAL_GROUP));
        }
        List<Card> cards = new ArrayList<>();
        for (String slug : session.integrations()) {
            CatalogEntry entry = IntegrationCatalog.find(slug).orElseThrow();
            cards.add(new Card(entry, connectionsOf(entry, caller)));
        }
        model.addAttribute("cards", cards);
        model.addAttribute("endUser", session.endUser());
        Report report = reportOf(reported, cards, session);
        Report done = new Report(session.origin(), Map.of("type", "tether:connect-done", "status", "done"));
        model.addAttribute("report", report);
        model.addAttribute("reportJson", report == null ? null : json(report.message()));
        model.addAttribute("done", done);
        model.addAttribute("doneJson", json(done.message()));
        return "connect/gallery";
    }

    /** What the page tells its opener about a connection, from the read model: status, and the id, never a secret. */
    private static Report reportOf(UUID reported, List<Card> cards, ConnectSession session) {
        if (reported == null) {
            return null;
        }
        for (Card card : cards) {
            for (Connection connection : card.connections()) {
                if (connection.id().equals(reported)) {
                    Map<String, Object> message = new LinkedHashMap<>();
                    message.put("type", "tether:connect");
                    message.put("integration", card.entry().slug());
                    message.put("status", connection.connected() ? "success" : "error");
                    message.put(connection.account() ? "account_id" : "global_integration_id", connection.id().toString());
                    return new Report(session.origin(), message);
                }
            }
        }
        return null;
    }

    private List<Connection> connectionsOf(CatalogEntry entry, Caller caller) {
        if (entry.kind() == CatalogKind.ACCOUNT) {
            AccountPageView accounts = queries.query(new FindAccountsQuery(caller.organizationId(), entry.marketplace(),
                    entry.integrationType(), null, CONNECTIONS_SHOWN, null), AccountPageView.class).join();
            return accounts.items().stream().map(Connection::of).toList();
        }
        GlobalIntegrationPageView integrations = queries.query(new FindGlobalIntegrationsQuery(caller.organizationId(),
                entry.slug(), null, null, CONNECTIONS_SHOWN, null), GlobalIntegrationPageView.class).join();
        return integrations.items().stream().map(Connection::of).toList();
    }

    @GetMapping("/connect/integrations/{slug}")
    String form(@PathVariable String slug, @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session,
                Model model) {
        CatalogEntry entry = offered(session, slug);
        model.addAttribute("form", ConnectForm.empty(entry));
        return "connect/form";
    }

    @PostMapping("/connect/integrations/{slug}")
    @AllowedRoles(Roles.ADMIN)
    String connect(@PathVariable String slug, @RequestParam MultiValueMap<String, String> fields,
                   @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                   Model model, HttpServletRequest request, HttpServletResponse response) {
        CatalogEntry entry = offered(session, slug);
        ConnectForm form = ConnectForm.empty(entry).withValues(fields);
        Map<String, String> credentials = form.credentials().submittedStrings(fields);
        Map<String, Object> config = form.config().submitted(fields);
        String name = form.name();
        try {
            UUID id = RandomUuids.next();
            boolean verify = providers.verifyOnConnect() && !credentials.isEmpty();
            if (entry.kind() == CatalogKind.ACCOUNT) {
                Region region = regionOf(fields.getFirst("region"));
                CreateAccountCommand command = new CreateAccountCommand(id, caller.organizationId(), entry.marketplace(),
                        entry.integrationType(), name, region, credentials.isEmpty() ? null : credentials);
                if (verify && region != null && region.marketplace() == entry.marketplace()) {
                    checks.requireAcceptedBeforeAccountCreate(entry.integrationType(), region, credentials);
                }
                commands.sendAndWait(command);
                if (entry.supportsOauth()) {
                    URI provider = startedOrUndone(() -> oauth.startAccountFlow(flowOf(entry.integrationType()), id,
                            caller, request.getRemoteAddr(), true).authorizationUrl(),
                            new DeleteAccountCommand(id, caller.organizationId()), id, ACCOUNTS_GROUP);
                    return authorize(provider, entry, model);
                }
                awaitReadModel(id, ACCOUNTS_GROUP);
            } else {
                if (verify) {
                    checks.requireAcceptedBeforeCreate(entry.slug(), credentials, config);
                }
                commands.sendAndWait(new CreateGlobalIntegrationCommand(id, caller.organizationId(), null, entry.slug(),
                        name.isBlank() ? null : name, null, null, true, config,
                        credentials.isEmpty() ? null : credentials, null, caller.subject()));
                if (entry.supportsOauth()) {
                    URI provider = startedOrUndone(() -> oauth.startSlackInstall(id, caller, request.getRemoteAddr(),
                            true).authorizationUrl(), new DeleteGlobalIntegrationCommand(id, caller.organizationId()),
                            id, GLOBAL_GROUP);
                    return authorize(provider, entry, model);
                }
                awaitReadModel(id, GLOBAL_GROUP);
            }
            return "redirect:/connect/gallery?reported=" + id;
        } catch (RuntimeException e) {
            return refusedForm(form, e, model, response);
        }
    }

    /**
     * The provider's page of a flow that starts for the connection just created; a flow that cannot start (the
     * provider's app not configured here, the start refused) leaves nothing behind: the connection is deleted again
     * with the command {@code DELETE} sends, on the record with who did it, and the page shows why.
     */
    private URI startedOrUndone(Supplier<URI> start, Object delete, UUID id, String processingGroup) {
        try {
            return start.get();
        } catch (RuntimeException refused) {
            try {
                commands.sendAndWait(delete);
                awaitReadModel(id, processingGroup);
            } catch (RuntimeException undoFailed) {
                refused.addSuppressed(undoFailed);
            }
            throw refused;
        }
    }

    @GetMapping("/connect/accounts/{accountId}")
    String account(@PathVariable UUID accountId,
                   @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                   Model model) {
        AccountView account = accountOf(caller, accountId, session);
        model.addAttribute("account", account);
        model.addAttribute("entry", IntegrationCatalog.of(account.integrationType()));
        if (account.integrationType() == IntegrationType.ADS_API) {
            model.addAttribute("profiles", queries.query(new FindAdsProfilesQuery(caller.organizationId(), accountId),
                    ResponseTypes.optionalInstanceOf(AdsProfilesView.class)).join().orElse(null));
        }
        return "connect/account";
    }

    /** Test connection: the provider checks the stored credentials, as {@code POST …/verify} does. */
    @PostMapping("/connect/accounts/{accountId}/verify")
    @AllowedRoles(Roles.ADMIN)
    String verify(@PathVariable UUID accountId,
                  @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                  RedirectAttributes redirect) {
        accountOf(caller, accountId, session);
        AccountView account = checks.verifyAccount(accountId, caller.organizationId(), Map.of());
        awaitReadModel(accountId, ACCOUNTS_GROUP);
        redirect.addFlashAttribute("verified", account.status().name());
        return "redirect:/connect/accounts/" + accountId;
    }

    /** The Ads profile workers act for, as {@code PUT …/profile} chooses it. */
    @PostMapping("/connect/accounts/{accountId}/profile")
    @AllowedRoles(Roles.ADMIN)
    String chooseProfile(@PathVariable UUID accountId, @RequestParam(name = "profile_id") String profileId,
                         @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller) {
        accountOf(caller, accountId, session);
        commands.sendAndWait(new ChooseAdsProfileCommand(accountId, caller.organizationId(), profileId));
        awaitReadModel(accountId, ACCOUNTS_GROUP);
        return "redirect:/connect/gallery?reported=" + accountId;
    }

    /** Reconnect an OAuth account (in ERROR, say): a new flow at the provider, as the auth-url endpoints start it. */
    @PostMapping("/connect/accounts/{accountId}/authorize")
    @AllowedRoles(Roles.ADMIN)
    String reauthorize(@PathVariable UUID accountId,
                       @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                       Model model, HttpServletRequest request) {
        AccountView account = accountOf(caller, accountId, session);
        return authorize(oauth.startAccountFlow(flowOf(account.integrationType()), accountId, caller,
                request.getRemoteAddr(), true).authorizationUrl(), IntegrationCatalog.of(account.integrationType()), model);
    }

    /**
     * The way on to the provider's sign-in: a link, not a redirect, because a browser applies the page's
     * {@code form-action 'self'} to a form's redirects too.
     */
    private static String authorize(URI authorizationUrl, CatalogEntry entry, Model model) {
        model.addAttribute("entry", entry);
        model.addAttribute("authorizationUrl", authorizationUrl.toString());
        model.addAttribute("provider", entry.slug().equals("slack") ? "Slack" : "Amazon");
        return "connect/authorize";
    }

    private static OAuthFlow flowOf(IntegrationType type) {
        return type == IntegrationType.ADS_API ? OAuthFlow.ADS : OAuthFlow.SP_API;
    }

    /** Reconnect with new credentials (an account in ERROR, say), as {@code POST …/connect} does. */
    @GetMapping("/connect/accounts/{accountId}/reconnect")
    String reconnectForm(@PathVariable UUID accountId,
                         @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                         Model model) {
        AccountView account = accountOf(caller, accountId, session);
        model.addAttribute("form", ConnectForm.reconnecting(IntegrationCatalog.of(account.integrationType()), account));
        return "connect/form";
    }

    @PostMapping("/connect/accounts/{accountId}/reconnect")
    @AllowedRoles(Roles.ADMIN)
    String reconnect(@PathVariable UUID accountId, @RequestParam MultiValueMap<String, String> fields,
                     @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                     Model model, HttpServletResponse response) {
        AccountView account = accountOf(caller, accountId, session);
        ConnectForm form = ConnectForm.reconnecting(IntegrationCatalog.of(account.integrationType()), account);
        Map<String, String> credentials = form.credentials().submittedStrings(fields);
        try {
            if (providers.verifyOnConnect() && !credentials.isEmpty()) {
                checks.requireAcceptedBeforeConnect(accountId, caller.organizationId(), credentials);
            }
            commands.sendAndWait(new ConnectAccountCommand(accountId, caller.organizationId(), credentials));
            awaitReadModel(accountId, ACCOUNTS_GROUP);
            return "redirect:/connect/gallery?reported=" + accountId;
        } catch (RuntimeException e) {
            return refusedForm(form, e, model, response);
        }
    }

    /** A global integration as the connect page shows it: its status and error, test connection and reconnect. */
    @GetMapping("/connect/global/{integrationId}")
    String integration(@PathVariable UUID integrationId,
                       @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                       Model model) {
        GlobalIntegrationView integration = integrationOf(caller, integrationId, session);
        model.addAttribute("integration", integration);
        model.addAttribute("entry", IntegrationCatalog.find(integration.serviceName()).orElseThrow());
        return "connect/integration";
    }

    /** Test connection: the service checks the stored credentials, as {@code POST /integrations/global/…/verify} does. */
    @PostMapping("/connect/global/{integrationId}/verify")
    @AllowedRoles(Roles.ADMIN)
    String verifyIntegration(@PathVariable UUID integrationId,
                             @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                             RedirectAttributes redirect) {
        integrationOf(caller, integrationId, session);
        GlobalIntegrationView integration = checks.verifyGlobalIntegration(integrationId, caller.organizationId(), Map.of());
        awaitReadModel(integrationId, GLOBAL_GROUP);
        redirect.addFlashAttribute("verified", integration.status().name());
        return "redirect:/connect/global/" + integrationId;
    }

    /** Reconnect Slack: its app installed again, as {@code GET /integrations/slack/auth-url} starts it. */
    @PostMapping("/connect/global/{integrationId}/authorize")
    @AllowedRoles(Roles.ADMIN)
    String reinstall(@PathVariable UUID integrationId,
                     @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session, Caller caller,
                     Model model, HttpServletRequest request) {
        GlobalIntegrationView integration = integrationOf(caller, integrationId, session);
        return authorize(oauth.startSlackInstall(integrationId, caller, request.getRemoteAddr(), true).authorizationUrl(),
                IntegrationCatalog.find(integration.serviceName()).orElseThrow(), model);
    }

    @GetMapping("/connect/global/{integrationId}/reconnect")
    String reconnectIntegrationForm(@PathVariable UUID integrationId,
                                    @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session,
                                    Caller caller, Model model) {
        GlobalIntegrationView integration = integrationOf(caller, integrationId, session);
        model.addAttribute("form", ConnectForm.reconnecting(IntegrationCatalog.find(integration.serviceName())
                .orElseThrow(), integration));
        return "connect/form";
    }

    /**
     * Reconnect a global integration with new credentials and its config as the form has it, as
     * {@code PATCH /integrations/global/…} replaces them (a config field left empty is removed); the credentials are
     * checked at the service first, as when it was created.
     */
    @PostMapping("/connect/global/{integrationId}/reconnect")
    @AllowedRoles(Roles.ADMIN)
    String reconnectIntegration(@PathVariable UUID integrationId, @RequestParam MultiValueMap<String, String> fields,
                                @SessionAttribute(ConnectSession.SESSION_ATTRIBUTE) ConnectSession session,
                                Caller caller, Model model, HttpServletResponse response) {
        GlobalIntegrationView integration = integrationOf(caller, integrationId, session);
        CatalogEntry entry = IntegrationCatalog.find(integration.serviceName()).orElseThrow();
        ConnectForm form = ConnectForm.reconnecting(entry, integration).withValues(fields);
        Map<String, String> credentials = form.credentials().submittedStrings(fields);
        Map<String, Object> entered = form.config().submitted(fields);
        Map<String, Object> config = new LinkedHashMap<>();
        form.config().fields().forEach(field -> config.put(field.name(), entered.get(field.name())));
        try {
            if (credentials.isEmpty() && !form.credentials().fields().isEmpty()) {
                // Empty credentials would disconnect the integration: a reconnect brings new ones.
                throw INVALID_SHAPE.fieldException(SchemaFields.CREDENTIALS, "are required to reconnect");
            }
            if (providers.verifyOnConnect() && !credentials.isEmpty()) {
                checks.requireAcceptedBeforeCreate(entry.slug(), credentials, entered);
            }
            Set<PatchedField> changed = EnumSet.noneOf(PatchedField.class);
            if (!config.isEmpty()) {
                changed.add(PatchedField.CONFIG);
            }
            if (!credentials.isEmpty()) {
                changed.add(PatchedField.CREDENTIALS);
            }
            if (changed.isEmpty()) {
                // A service that takes neither (generic webhooks): nothing to send.
                return "redirect:/connect/global/" + integrationId;
            }
            commands.sendAndWait(new UpdateGlobalIntegrationCommand(integrationId, caller.organizationId(), changed,
                    null, null, null, null, config.isEmpty() ? null : config, credentials.isEmpty() ? null : credentials));
            awaitReadModel(integrationId, GLOBAL_GROUP);
            return "redirect:/connect/gallery?reported=" + integrationId;
        } catch (RuntimeException e) {
            return refusedForm(form, e, model, response);
        }
    }

    private String refusedForm(ConnectForm form, RuntimeException thrown, Model model, HttpServletResponse response) {
        Map<String, String> errors = new LinkedHashMap<>();
        int status;
        String summary;
        ProblemException problem = ProblemException.in(thrown);
        if (problem != null) {
            problem.errors().forEach(error -> errors.putIfAbsent(error.field(), error.message()));
            status = problem.code().status();
            summary = problem.detail() == null ? problem.code().title() : problem.detail();
        } else if (thrown instanceof ConstraintViolationException invalid) {
            invalid.getConstraintViolations().forEach(violation ->
                    errors.putIfAbsent(lastNode(violation.getPropertyPath().toString()), violation.getMessage()));
            status = HttpStatus.BAD_REQUEST.value();
            summary = "Some fields are not valid.";
        } else {
            throw thrown;
        }
        response.setStatus(status);
        model.addAttribute("form", form.withErrors(errors, summary));
        return "connect/form";
    }

    /** {@code accountName} from {@code accountName}, {@code client_id} from {@code credentials[client_id].<map value>}. */
    private static String lastNode(String path) {
        int open = path.lastIndexOf('[');
        if (open >= 0 && path.indexOf(']', open) > open) {
            return "credentials." + path.substring(open + 1, path.indexOf(']', open));
        }
        int dot = path.lastIndexOf('.');
        return dot >= 0 ? path.substring(dot + 1) : path;
    }

    private String json(Map<String, Object> message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A report to the opener could not be written as JSON", e);
        }
    }

    private void awaitReadModel(UUID aggregateId, String processingGroup) {
        readYourWrites.await(positions.latestOf(aggregateId), processingGroup);
    }

    private AccountView accountOf(Caller caller, UUID accountId, ConnectSession session) {
        AccountView account = queries.query(new FindAccountQuery(caller.organizationId(), accountId),
                        ResponseTypes.optionalInstanceOf(AccountView.class)).join()
                .orElseThrow(() -> ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist"));
        offered(session, IntegrationCatalog.of(account.integrationType()).slug());
        return account;
    }

    private GlobalIntegrationView integrationOf(Caller caller, UUID integrationId, ConnectSession session) {
        GlobalIntegrationView integration = queries.query(new FindGlobalIntegrationQuery(caller.organizationId(),
                        integrationId), ResponseTypes.optionalInstanceOf(GlobalIntegrationView.class)).join()
                .orElseThrow(() -> GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId
                        + " does not exist"));
        offered(session, integration.serviceName());
        return integration;
    }

    private static CatalogEntry offered(ConnectSession session, String slug) {
        if (!session.offers(slug)) {
            throw UNKNOWN_INTEGRATION.exception("This connect page does not offer " + slug);
        }
        return IntegrationCatalog.find(slug).orElseThrow();
    }

    private static Region regionOf(String name) {
        return Arrays.stream(Region.values()).filter(region -> region.name().equals(name)).findFirst().orElse(null);
    }

    /** A catalog entry, and the organization's connections of it. */
    record Card(CatalogEntry entry, List<Connection> connections) {

        public boolean oauth() {
            return entry.supportsOauth();
        }

        /**
         * Whether the page can connect one more: always an account; a service once per organization (the page
         * creates organization-wide ones), after which its connection's page tests and reconnects it.
         */
        public boolean connectable() {
            return entry.kind() == CatalogKind.ACCOUNT || connections.stream().noneMatch(Connection::organizationWide);
        }
    }

    /** An account or a global integration as a card lists it; {@code organizationWide}: not a project's. */
    record Connection(UUID id, boolean account, String name, String status, String errorMessage,
                      boolean organizationWide) {

        static Connection of(AccountView account) {
            return new Connection(account.id(), true, account.accountName() + " (" + account.region() + ")",
                    account.status().name(), account.errorMessage(), true);
        }

        static Connection of(GlobalIntegrationView integration) {
            return new Connection(integration.id(), false, integration.displayName(), integration.status().name(),
                    integration.errorMessage(), integration.projectId() == null);
        }

        /** Its page on the connect page. */
        public String path() {
            return (account ? "/connect/accounts/" : "/connect/global/") + id;
        }

        public boolean connected() {
            return status.equals("CONNECTED");
        }
    }

    /** A message for the opener, and the one origin it may go to. */
    record Report(String origin, Map<String, Object> message) {
    }
}
