package io.tether.web;

import io.tether.api.account.AccountStatus;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.web.ConsistencyHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console: pages over the REST API's own operations ({@link ApiCalls}), called with the signed-in caller. What a
 * page shows and which controls it offers follow from the operations the caller's roles allow; a form posted for an
 * operation the roles do not allow is refused by the API's check, as the API would refuse it.
 */
@PageController
class ConsoleController {

    /** The actions on an account a page offers, each the API operation it calls, behind a confirmation. */
    static final Map<String, Action> ACCOUNT_ACTIONS = actions(
            new Action("verify", "verifyAccount", "Test connection",
                    "The provider checks the stored credentials; a refusal puts the account in ERROR.", false),
            new Action("rotate-key", "rotateAccountKey", "Rotate key",
                    "A new version of the account's key; its credentials are sealed again under it.", false),
            new Action("disconnect", "disconnectAccount", "Disconnect",
                    "The account's credentials are cleared and it goes to DISCONNECTED.", true),
            new Action("delete", "deleteAccount", "Delete",
                    "The account is deleted and its key destroyed: its credentials can never be opened again.", true));

    private final ConsoleLinks links;
    private final PageSignIn signIn;
    private final ApiCalls api;

    ConsoleController(ConsoleLinks links, PageSignIn signIn, ApiCalls api) {
        this.links = links;
        this.signIn = signIn;
        this.api = api;
    }

    @ModelAttribute
    void navigation(Model model) {
        Caller.current().ifPresent(caller -> {
            model.addAttribute("caller", caller);
            model.addAttribute("allowed", api.allowedTo(caller));
        });
    }

    @GetMapping(ConsoleLinks.ENTER)
    Object enter(@RequestParam(required = false) String link, HttpServletRequest request, HttpServletResponse response) {
        ConsoleLinks.Redeemed redeemed = links.redeem(link);
        if (redeemed.refusal() != null) {
            return switch (redeemed.refusal()) {
                case FORGED -> refused(HttpStatus.NOT_FOUND, "This link is not valid",
                        "Tether never issued this console link. Open the console again from the application you came from.");
                case USED -> refused(HttpStatus.GONE, "This link has already been used",
                        "A console link signs in once. Open the console again from the application you came from.");
                case EXPIRED -> refused(HttpStatus.GONE, "This link has expired",
                        "A console link must be opened within minutes. Open the console again from the application you came from.");
            };
        }
        signIn.signIn(redeemed.caller(), PageArea.CONSOLE, request, response);
        // The link leaves the address bar (and the history) at once.
        return "redirect:/console";
    }

    @GetMapping("/console/signed-out")
    String signedOut() {
        return "console/signed-out";
    }

    @GetMapping("/console")
    String accounts(@RequestParam Map<String, String> filters, Caller caller, Model model) {
        Set<String> allowed = api.allowedTo(caller);
        model.addAttribute("filters", filters);
        model.addAttribute("statuses", AccountStatus.values());
        model.addAttribute("marketplaces", Marketplace.values());
        model.addAttribute("types", IntegrationType.values());
        if (allowed.contains("listAccounts")) {
            Map<String, Object> query = new HashMap<>(filters);
            query.put(ConsistencyHeaders.MIN_POSITION, filters.get("after"));
            model.addAttribute("accounts", api.answer("listAccounts", caller, query));
        }
        if (allowed.contains("listGlobalIntegrations")) {
            model.addAttribute("integrations", api.answer("listGlobalIntegrations", caller, Map.of(
                    "service_name", filters.getOrDefault("service_name", ""),
                    "enabled", filters.getOrDefault("enabled", ""))));
        }
        return "console/accounts";
    }

    @GetMapping("/console/accounts/{accountId}")
    String account(@PathVariable UUID accountId, @RequestParam(required = false) String at,
                   @RequestParam(required = false) Long after, Caller caller, Model model) {
        Set<String> allowed = api.allowedTo(caller);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("accountId", accountId);
        arguments.put(ConsistencyHeaders.MIN_POSITION, after);
        model.addAttribute("account", api.answer("getAccount", caller, arguments));
        model.addAttribute("actions", ACCOUNT_ACTIONS.values().stream()
                .filter(action -> allowed.contains(action.operationId())).toList());
        if (allowed.contains("getAccountHistory")) {
            Map<?, ?> history = (Map<?, ?>) api.answer("getAccountHistory", caller, Map.of("accountId", accountId));
            model.addAttribute("history", history);
            model.addAttribute("timeline", ((List<?>) history.get("events")).stream()
                    .map(event -> new TimelineEvent((Map<?, ?>) event, fields("", ((Map<?, ?>) event).get("payload"))))
                    .toList());
        }
        if (allowed.contains("getAccountStateAt") && at != null && !at.isBlank()) {
            Instant instant = instant(at);
            model.addAttribute("at", at);
            if (instant == null) {
                model.addAttribute("atError", "Enter a date and time, such as 2026-12-03T14:30:00 (UTC).");
            } else {
                model.addAttribute("state", api.answer("getAccountStateAt", caller,
                        Map.of("accountId", accountId, "at", instant.toString())));
            }
        }
        return "console/account";
    }

    @GetMapping("/console/accounts/{accountId}/{action}")
    String confirm(@PathVariable UUID accountId, @PathVariable String action, Caller caller, Model model) {
        Action chosen = action(action);
        model.addAttribute("account", api.answer("getAccount", caller, Map.of("accountId", accountId)));
        model.addAttribute("action", chosen);
        return "console/confirm";
    }

    @PostMapping("/console/accounts/{accountId}/{action}")
    String act(@PathVariable UUID accountId, @PathVariable String action, Caller caller, RedirectAttributes redirect) {
        Action chosen = action(action);
        try {
            Object answer = api.call(chosen.operationId(), caller, Map.of("accountId", accountId));
            String position = answer instanceof ResponseEntity<?> entity
                    ? entity.getHeaders().getFirst(ConsistencyHeaders.POSITION) : null;
            redirect.addFlashAttribute("done", chosen.label() + ": done.");
            if (position != null) {
                redirect.addAttribute("after", position);
            }
            return chosen.operationId().equals("deleteAccount") ? "redirect:/console" : "redirect:/console/accounts/" + accountId;
        } catch (ProblemException problem) {
            redirect.addFlashAttribute("failed", chosen.label() + ": " + (problem.detail() == null
                    ? problem.code().title() : problem.detail()));
            return "redirect:/console/accounts/" + accountId;
        }
    }

    @GetMapping("/console/audit")
    String audit(@RequestParam Map<String, String> filters, Caller caller, Model model) {
        Map<String, Object> arguments = new HashMap<>(auditFilters(filters, model));
        arguments.put("cursor", filters.get("cursor"));
        model.addAttribute("filters", filters);
        model.addAttribute("log", api.answer("listAuditEvents", caller, arguments));
        return "console/audit";
    }

    /** The audit log's export, streamed as the API streams it, with the page's filters. */
    @GetMapping("/console/audit/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam Map<String, String> filters, Caller caller, Model model) {
        Map<String, Object> arguments = new HashMap<>(auditFilters(filters, model));
        arguments.put("format", filters.getOrDefault("format", "CSV"));
        ResponseEntity<?> answer = (ResponseEntity<?>) api.call("exportAuditLog", caller, arguments);
        return ResponseEntity.ok()
                .contentType(answer.getHeaders().getContentType())
                .header(HttpHeaders.CONTENT_DISPOSITION, answer.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .body((StreamingResponseBody) answer.getBody());
    }

    @PostMapping("/console/audit/verify")
    String verify(Caller caller, RedirectAttributes redirect) {
        redirect.addFlashAttribute("verification", api.answer("verifyAuditChains", caller, Map.of()));
        return "redirect:/console/audit";
    }

    @GetMapping("/console/webhooks")
    String webhooks(@RequestParam(required = false) UUID endpoint, Caller caller, Model model) {
        model.addAttribute("endpoints", api.answer("listWebhookEndpoints", caller, Map.of()));
        if (endpoint != null) {
            model.addAttribute("endpoint", api.answer("getWebhookEndpoint", caller, Map.of("endpointId", endpoint)));
            model.addAttribute("deliveries", api.answer("listNoticeDeliveries", caller, Map.of("endpointId", endpoint)));
        }
        return "console/webhooks";
    }

    @PostMapping("/console/webhooks/{endpointId}/deliveries/{deliveryId}/retry")
    String retryDelivery(@PathVariable UUID endpointId, @PathVariable long deliveryId, Caller caller,
                         RedirectAttributes redirect) {
        api.call("retryNoticeDelivery", caller, Map.of("endpointId", endpointId, "deliveryId", deliveryId));
        redirect.addFlashAttribute("done", "Delivery " + deliveryId + " will be retried now.");
        redirect.addAttribute("endpoint", endpointId);
        return "redirect:/console/webhooks";
    }

    @GetMapping("/console/operations")
    String operations(Caller caller, Model model) {
        model.addAttribute("projections", api.answer("listProjections", caller, Map.of()));
        model.addAttribute("deadLetters", api.answer("listDeadLetters", caller, Map.of()));
        return "console/operations";
    }

    @PostMapping("/console/operations/projections/{name}/replay")
    String replay(@PathVariable String name, Caller caller, RedirectAttributes redirect) {
        api.call("replayProjection", caller, Map.of("name", name));
        redirect.addFlashAttribute("done", "Replay of " + name + " started.");
        return "redirect:/console/operations";
    }

    @PostMapping("/console/operations/dead-letters/{processingGroup}/retry")
    String retryDeadLetters(@PathVariable String processingGroup, Caller caller, RedirectAttributes redirect) {
        redirect.addFlashAttribute("retried", api.answer("retryDeadLetters", caller, Map.of("processingGroup", processingGroup)));
        return "redirect:/console/operations";
    }

    private static Map<String, Object> auditFilters(Map<String, String> filters, Model model) {
        Map<String, Object> arguments = new HashMap<>();
        for (String name : List.of("actor", "event_type", "aggregate_id")) {
            arguments.put(name, filters.get(name));
        }
        for (String name : List.of("from", "to")) {
            String value = filters.get(name);
            if (value != null && !value.isBlank()) {
                Instant instant = instant(value);
                if (instant == null) {
                    model.addAttribute(name + "Error", "Enter a date and time, such as 2026-12-03T14:30:00 (UTC).");
                } else {
                    arguments.put(name, instant.toString());
                }
            }
        }
        return arguments;
    }

    /** An instant typed in a page: ISO-8601 with an offset, or a local date and time in UTC (a datetime-local field). */
    static Instant instant(String typed) {
        String value = typed.strip();
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException notALocalDateTime) {
                return null;
            }
        }
    }

    private static Action action(String name) {
        Action action = ACCOUNT_ACTIONS.get(name);
        if (action == null) {
            throw ProblemCode.INVALID_PARAMETER.fieldException("action", "must be one of " + ACCOUNT_ACTIONS.keySet());
        }
        return action;
    }

    private static ModelAndView refused(HttpStatus status, String title, String message) {
        return new ModelAndView(RefusalPage.TEMPLATE, RefusalPage.model(status, title, message), status);
    }

    private static Map<String, Action> actions(Action... actions) {
        Map<String, Action> byName = new LinkedHashMap<>();
        for (Action action : actions) {
            byName.put(action.name(), action);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }

    /**
     * An event's payload as the names and values a person reads: nested fields by their path, a sealed value
     * (the audit API masks each as {@code {encrypted: true, key_version, …}}) as "sealed", never anything of it but
     * its key version.
     */
    static List<Field> fields(String prefix, Object payload) {
        List<Field> fields = new java.util.ArrayList<>();
        if (payload instanceof Map<?, ?> object) {
            if (Boolean.TRUE.equals(object.get("encrypted"))) {
                Object version = object.get("key_version");
                fields.add(new Field(prefix, "sealed" + (version == null ? "" : " (key version " + version + ")")
                        + (Boolean.TRUE.equals(object.get("key_shredded")) ? ", key destroyed" : "")));
                return fields;
            }
            object.forEach((name, value) -> fields.addAll(fields(prefix.isEmpty() ? String.valueOf(name) : prefix + "." + name, value)));
        } else if (!prefix.isEmpty()) {
            fields.add(new Field(prefix, payload == null ? "—" : String.valueOf(payload)));
        }
        return fields;
    }

    record Field(String name, String value) {
    }

    /** One event of an account's timeline: the audit API's entry, and its payload's fields as {@link #fields} shows them. */
    record TimelineEvent(Map<?, ?> event, List<Field> fields) {
    }

    /** {@code destructive}: its button says so (red), and its confirmation too. */
    record Action(String name, String operationId, String label, String consequence, boolean destructive) {
    }
}
