package io.tether.web;

import io.tether.api.problem.ProblemCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kind of thing the console gives a page of its own, with its history: accounts and global integrations. Each is
 * named by the API's operations that read it, its history and its state at an instant, and the actions the API
 * offers on it; the page shows what those operations answer, so it adds no rule.
 *
 * @param path       the console's path segment: {@code /console/{path}/{id}}
 * @param id         the API's name of the id parameter
 * @param attribute  the page's name for the thing, as the audit API's state view names it too
 * @param nameField  the field a person knows it by
 * @param notFound   what the read operation answers once it is gone from the read model (deleted, say)
 */
public record ConsoleSubject(String path, String id, String read, String history, String stateAt, String attribute,
                             String nameField, ProblemCode notFound, String template, Map<String, Action> actions) {

    static final ConsoleSubject ACCOUNT = new ConsoleSubject("accounts", "accountId", "getAccount", "getAccountHistory",
            "getAccountStateAt", "account", "account_name", ProblemCode.ACCOUNT_NOT_FOUND, "console/account", actions(
            new Action("verify", "verifyAccount", "Test connection",
                    "The provider checks the stored credentials; a refusal puts the account in ERROR.", false, null),
            new Action("rotate-key", "rotateAccountKey", "Rotate key",
                    "A new version of the account's key; its credentials are sealed again under it.", false, null),
            new Action("disconnect", "disconnectAccount", "Disconnect",
                    "The account's credentials are cleared and it goes to DISCONNECTED.", true, null),
            new Action("delete", "deleteAccount", "Delete",
                    "The account is deleted and its key destroyed: its credentials can never be opened again. "
                            + "Its history stays for the auditors.", true, null)));

    /** Disconnecting a global integration is the API's merge patch that removes its credentials. */
    static final ConsoleSubject GLOBAL_INTEGRATION = new ConsoleSubject("global", "integrationId", "getGlobalIntegration",
            "getGlobalIntegrationHistory", "getGlobalIntegrationStateAt", "integration", "display_name",
            ProblemCode.GLOBAL_INTEGRATION_NOT_FOUND, "console/global", actions(
            new Action("verify", "verifyGlobalIntegration", "Test connection",
                    "The service checks the stored credentials; a refusal puts the integration in ERROR.", false, null),
            new Action("rotate-secret", "rotateWebhookSecret", "Rotate webhook secret",
                    "The old webhook secret stops working at once. Tether makes the new one and shows it once, "
                            + "unless you enter the one the service issued (Slack, ClickUp, Linear).", false, null),
            new Action("disconnect", "updateGlobalIntegration", "Disconnect",
                    "The integration's credentials are removed and it goes to DISCONNECTED.", true,
                    Collections.singletonMap("credentials", null)),
            new Action("delete", "deleteGlobalIntegration", "Delete",
                    "The integration is deleted and its key destroyed: its credentials can never be opened again. "
                            + "Its history stays for the auditors.", true, null)));

    static final List<ConsoleSubject> ALL = List.of(ACCOUNT, GLOBAL_INTEGRATION);

    /** The action of that name, or a 400 page naming the actions there are. */
    Action action(String name) {
        Action action = actions.get(name);
        if (action == null) {
            throw ProblemCode.INVALID_PARAMETER.fieldException("action", "must be one of " + actions.keySet());
        }
        return action;
    }

    static ConsoleSubject at(String path) {
        return ALL.stream().filter(subject -> subject.path().equals(path)).findFirst()
                .orElseThrow(() -> ProblemCode.INVALID_PARAMETER.fieldException("kind", "must be accounts or global"));
    }

    /** Whether this action deletes the thing: the page to come back to is then its history. */
    boolean deletes(Action action) {
        return action.name().equals("delete");
    }

    private static Map<String, Action> actions(Action... actions) {
        Map<String, Action> byName = new LinkedHashMap<>();
        for (Action action : actions) {
            byName.put(action.name(), action);
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * An action on the page, the API operation it calls, behind a confirmation. {@code destructive}: its button says
     * so (red), and its confirmation too. {@code body}: the request body the operation is called with, if any.
     */
    public record Action(String name, String operationId, String label, String consequence, boolean destructive,
                         Map<String, Object> body) {

        /** The webhook secret's rotation answers the new secret, shown once; the page shows it instead of redirecting. */
        public boolean answersSecret() {
            return operationId.equals("rotateWebhookSecret");
        }
    }
}
