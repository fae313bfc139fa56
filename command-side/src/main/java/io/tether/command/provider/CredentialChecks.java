package io.tether.command.provider;

import static io.tether.api.problem.ProblemCode.ACCOUNT_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.CREDENTIALS_REJECTED;
import static io.tether.api.problem.ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND;
import static io.tether.api.problem.ProblemCode.PROVIDER_UNAVAILABLE;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.api.account.AccountView;
import io.tether.api.catalog.CatalogEntry;
import io.tether.api.catalog.CatalogKind;
import io.tether.api.catalog.IntegrationCatalog;
import io.tether.api.account.CheckAccountCredentialsCommand;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.RecordAccountCredentialsCheckCommand;
import io.tether.api.account.Region;
import io.tether.api.global.CheckGlobalIntegrationCredentialsCommand;
import io.tether.api.global.GlobalIntegrationView;
import io.tether.api.global.RecordGlobalIntegrationCredentialsCheckCommand;
import io.tether.api.problem.ProblemException;
import io.tether.command.catalog.CredentialShapes;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Checks credentials at their provider. Stored credentials are opened by their aggregate, checked with no
 * lock held and no transaction open (a provider may take seconds), and the outcome is recorded by the
 * aggregate only if the credentials are still the ones checked. A provider that is down or slow records
 * nothing and changes nothing: the answer is a 503 {@code provider_unavailable} with {@code Retry-After}.
 */
@Service
public class CredentialChecks {

    private static final Logger log = LoggerFactory.getLogger(CredentialChecks.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandGateway commands;
    private final Providers providers;
    private final CredentialShapes shapes;

    CredentialChecks(CommandGateway commands, Providers providers, CredentialShapes shapes) {
        this.commands = commands;
        this.providers = providers;
        this.shapes = shapes;
    }

    /**
     * The account's stored credentials, checked and the outcome recorded; {@code metadata} is added to the
     * commands (who acts, for a check that no request asked for).
     */
    public AccountView verifyAccount(UUID accountId, UUID organizationId, Map<String, ?> metadata) {
        return orNotFound(() -> {
            CredentialsUnderCheck check = send(CheckAccountCredentialsCommand.ofStored(accountId, organizationId), metadata);
            Verification verification = verify(check);
            return send(new RecordAccountCredentialsCheckCommand(accountId, organizationId, check.sealed(),
                    verification.accepted(), verification.reason()), metadata);
        }, () -> ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist"));
    }

    /** The global integration's stored credentials, checked and the outcome recorded, as {@link #verifyAccount}. */
    public GlobalIntegrationView verifyGlobalIntegration(UUID integrationId, UUID organizationId, Map<String, ?> metadata) {
        return orNotFound(() -> {
            CredentialsUnderCheck check = send(new CheckGlobalIntegrationCredentialsCommand(integrationId, organizationId),
                    metadata);
            Verification verification = verify(check);
            return send(new RecordGlobalIntegrationCredentialsCheckCommand(integrationId, organizationId, check.sealed(),
                    verification.accepted(), verification.reason()), metadata);
        }, () -> GLOBAL_INTEGRATION_NOT_FOUND.exception("Global integration " + integrationId + " does not exist"));
    }

    /**
     * The credentials a connect brings, checked before anything is stored: their shape against the catalog,
     * then the provider. A refusal is a 422 {@code credentials_rejected} with the provider's reason.
     */
    public void requireAcceptedBeforeConnect(UUID accountId, UUID organizationId, Map<String, String> candidate) {
        orNotFound(() -> {
            CredentialsUnderCheck check = commands.sendAndWait(
                    new CheckAccountCredentialsCommand(accountId, organizationId, candidate));
            requireAccepted(check.slug(), check.credentials());
            return null;
        }, () -> ACCOUNT_NOT_FOUND.exception("Account " + accountId + " does not exist"));
    }

    /**
     * The credentials a new account brings, checked before anything is stored, as a connect's: their shape against
     * the catalog entry of the account's integration type, then the provider.
     */
    public void requireAcceptedBeforeAccountCreate(IntegrationType integrationType, Region region, Map<String, String> credentials) {
        CatalogEntry entry = IntegrationCatalog.of(integrationType);
        shapes.requireValidCredentials(entry, credentials);
        requireAccepted(entry.slug(), ProviderCredentials.ofAccount(region, credentials));
    }

    /**
     * The credentials a new global integration brings, checked before anything is stored: their shape and the
     * config's against the catalog, then the service. An unknown service is left to the creation to refuse.
     */
    public void requireAcceptedBeforeCreate(String serviceName, Map<String, String> credentials, Map<String, Object> config) {
        Optional<CatalogEntry> service = IntegrationCatalog.find(serviceName).filter(entry -> entry.kind() == CatalogKind.SERVICE);
        if (service.isEmpty() || credentials == null || credentials.isEmpty()) {
            return;
        }
        shapes.requireValidConfig(service.get(), JSON.valueToTree(config == null ? Map.of() : config));
        shapes.requireValidCredentials(service.get(), credentials);
        requireAccepted(serviceName, ProviderCredentials.ofService(credentials, config));
    }

    /** Credentials checked at the provider of the catalog entry; a refusal is a 422 {@code credentials_rejected}. */
    private void requireAccepted(String slug, ProviderCredentials credentials) {
        Verification verification = verify(slug, credentials);
        if (!verification.accepted()) {
            throw CREDENTIALS_REJECTED.exception(verification.reason() + " Nothing was stored.")
                    .with("reason", verification.reason());
        }
    }

    private Verification verify(CredentialsUnderCheck check) {
        return verify(check.slug(), check.credentials());
    }

    private Verification verify(String slug, ProviderCredentials credentials) {
        try {
            return providers.of(slug).verify(credentials);
        } catch (CredentialsRefusedException e) {
            return Verification.rejected(e.getMessage());
        } catch (ProviderUnavailableException e) {
            log.warn("Checking {} credentials failed without an answer: {}", slug, e.getMessage());
            throw PROVIDER_UNAVAILABLE.exception(e.getMessage() + ". Nothing was recorded; try again later.", e);
        }
    }

    private <R> R send(Object command, Map<String, ?> metadata) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }

    private static <R> R orNotFound(Supplier<R> work, Supplier<ProblemException> notFound) {
        try {
            return work.get();
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            throw notFound.get();
        }
    }
}
