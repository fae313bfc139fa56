package io.tether.web;

import io.tether.api.account.AccountStatus;
import io.tether.api.account.IntegrationType;
import io.tether.api.account.Marketplace;
import io.tether.api.problem.ProblemException;
import io.tether.infrastructure.security.Caller;
import io.tether.infrastructure.web.ConsistencyHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
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

    private final ConsoleLinks links;
    private final PageSignIn signIn;
    private final ApiCalls api;
    private final Clock clock;

    ConsoleController(ConsoleLinks links, PageSignIn signIn, ApiCalls api, Clock clock) {
        this.links = links;
        this.signIn = signIn;
        this.api = api;
        this.clock = clock;
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

    /**
     * An account's or a global integration's page: what the API answers of it now, its actions, and for auditors its
     * timeline and its state at an instant. Once it is gone from the read model, an auditor still sees its history,
     * if the audit API says it was deleted; anyone else gets the API's 404.
     */
    @GetMapping("/console/{kind:accounts|global}/{id}")
    String page(@PathVariable String kind, @PathVariable UUID id, @RequestParam(required = false) String at,
                @RequestParam(required = false) Long after, Caller caller, Model model) {
        ConsoleSubject subject = ConsoleSubject.at(kind);
        Set<String> allowed = api.allowedTo(caller);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put(subject.id(), id);
        arguments.put(ConsistencyHeaders.MIN_POSITION, after);
        Object current;
        boolean deleted = false;
        try {
            current = api.answer(subject.read(), caller, arguments);
        } catch (ProblemException notFound) {
            current = deletedState(subject, id, caller, allowed, notFound);
            deleted = true;
        }
        model.addAttribute("kind", subject);
        model.addAttribute(subject.attribute(), current);
        model.addAttribute("deleted", deleted);
        model.addAttribute("actions", deleted ? List.of() : subject.actions().values().stream()
                .filter(action -> allowed.contains(action.operationId())).toList());
        if (allowed.contains(subject.history())) {
            Map<?, ?> history = (Map<?, ?>) api.answer(subject.history(), caller, Map.of(subject.id(), id));
            model.addAttribute("timeline", ((List<?>) history.get("events")).stream()
                    .map(event -> new TimelineEvent((Map<?, ?>) event, fields("", ((Map<?, ?>) event).get("payload"))))
                    .toList());
        }
        if (allowed.contains(subject.stateAt()) && at != null && !at.isBlank()) {
            Instant instant = instant(at);
            model.addAttribute("at", at);
            if (instant == null) {
                model.addAttribute("atError", "Enter a date and time, such as 2026-12-03T14:30:00 (UTC).");
            } else {
                model.addAttribute("state", api.answer(subject.stateAt(), caller,
                        Map.of(subject.id(), id, "at", instant.toString())));
            }
        }
        return subject.template();
    }

    /**
     * What the audit API says of a thing the read operation no longer finds: its last state, if it was deleted. If the
     * caller may not ask, or the audit API knows no such thing, or does not say deleted, the read's own refusal stands.
     */
    private Object deletedState(ConsoleSubject subject, UUID id, Caller caller, Set<String> allowed,
                                ProblemException notFound) {
        if (!notFound.is(subject.notFound()) || !allowed.contains(subject.stateAt())) {
            throw notFound;
        }
        Map<?, ?> now;
        try {
            now = (Map<?, ?>) api.answer(subject.stateAt(), caller, Map.of(subject.id(), id, "at", clock.instant().toString()));
        } catch (ProblemException noHistory) {
            throw notFound;
        }
        if (!Boolean.TRUE.equals(now.get("deleted")) || now.get(subject.attribute()) == null) {
            throw notFound;
        }
        return now.get(subject.attribute());
    }

    @GetMapping("/console/{kind:accounts|global}/{id}/{action}")
    String confirm(@PathVariable String kind, @PathVariable UUID id, @PathVariable String action, Caller caller,
                   Model model) {
        ConsoleSubject subject = ConsoleSubject.at(kind);
        Map<?, ?> current = (Map<?, ?>) api.answer(subject.read(), caller, Map.of(subject.id(), id));
        model.addAttribute("kind", subject);
        model.addAttribute("subject", current);
        model.addAttribute("subjectName", current.get(subject.nameField()));
        model.addAttribute("action", subject.action(action));
        return "console/confirm";
    }

    /**
     * Calls the action's API operation, then shows the page again after the action's events (its position), with the
     * outcome; after a deletion, the history (for those who may read it) or the list. A new webhook secret is shown on
     * the answer itself, once: it never goes to the session, where a message for the next page would wait.
     */
    @PostMapping("/console/{kind:accounts|global}/{id}/{action}")
    String act(@PathVariable String kind, @PathVariable UUID id, @PathVariable String action,
               @RequestParam(name = "webhook_secret", required = false) String webhookSecret, Caller caller,
               Model model, RedirectAttributes redirect) {
        ConsoleSubject subject = ConsoleSubject.at(kind);
        ConsoleSubject.Action chosen = subject.action(action);
        Map<String, Object> arguments = new HashMap<>();
        arguments.put(subject.id(), id);
        if (chosen.body() != null) {
            arguments.put(ApiCalls.BODY, chosen.body());
        }
        if (chosen.answersSecret() && webhookSecret != null && !webhookSecret.isBlank()) {
            arguments.put(ApiCalls.BODY, Map.of("webhook_secret", webhookSecret));
        }
        String page = "redirect:/console/" + subject.path() + "/" + id;
        try {
            Object answer = api.call(chosen.operationId(), caller, arguments);
            String position = answer instanceof ResponseEntity<?> entity
                    ? entity.getHeaders().getFirst(ConsistencyHeaders.POSITION) : null;
            if (chosen.answersSecret()) {
                // The integration as the rotation left it, with the new secret (null when the admin entered it).
                Map<?, ?> rotated = (Map<?, ?>) api.json(answer);
                model.addAttribute("kind", subject);
                model.addAttribute("subject", rotated);
                model.addAttribute("subjectName", rotated.get(subject.nameField()));
                model.addAttribute("secret", rotated.get("webhook_secret"));
                model.addAttribute("position", position);
                return "console/secret";
            }
            redirect.addFlashAttribute("done", chosen.label() + ": done.");
            if (position != null) {
                redirect.addAttribute("after", position);
            }
            boolean historyShown = api.allowedTo(caller).contains(subject.stateAt());
            return subject.deletes(chosen) && !historyShown ? "redirect:/console" : page;
        } catch (ProblemException problem) {
            redirect.addFlashAttribute("failed", chosen.label() + ": " + (problem.detail() == null
                    ? problem.code().title() : problem.detail()));
            return page;
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

    /** {@code replaying}: the projection whose replay was just started, which the page's script follows until it is done. */
    @GetMapping("/console/operations")
    String operations(@RequestParam(required = false) String replaying, Caller caller, Model model) {
        model.addAttribute("replaying", replaying);
        model.addAttribute("projections", api.answer("listProjections", caller, Map.of()));
        model.addAttribute("deadLetters", api.answer("listDeadLetters", caller, Map.of()));
        return "console/operations";
    }

    /**
     * The projections as the API lists them, for the operations page's script to follow a replay without a reload
     * (the page's own session, where the API would want a bearer token).
     */
    @GetMapping(path = "/console/operations/projections", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Object projections(Caller caller) {
        return api.answer("listProjections", caller, Map.of());
    }

    @PostMapping("/console/operations/projections/{name}/replay")
    String replay(@PathVariable String name, Caller caller, RedirectAttributes redirect) {
        api.call("replayProjection", caller, Map.of("name", name));
        redirect.addFlashAttribute("done", "Replay of " + name + " started.");
        redirect.addAttribute("replaying", name);
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

    private static ModelAndView refused(HttpStatus status, String title, String message) {
        return new ModelAndView(RefusalPage.TEMPLATE, RefusalPage.model(status, title, message), status);
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

}
