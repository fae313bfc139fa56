package io.tether.web;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.tether.infrastructure.security.AllowedRoles;
import io.tether.infrastructure.security.Caller;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.InvocableHandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The console's one way to reach the application: it calls the REST API's own handler of an operation (found by its
 * {@code operationId}) in-process, with the page session's {@link Caller}, after the same {@link AllowedRoles} check
 * the API makes. So a page shows exactly what the API answers its caller, and refuses what the API refuses: it has
 * no rule of its own. Arguments are named as the API names them (query and path parameters, {@code body}, header
 * names), with the API's JSON values, converted by the API's own object mapper.
 */
@Component
public class ApiCalls {

    /** The argument name of a handler's {@code @RequestBody}. */
    public static final String BODY = "body";

    private final RequestMappingHandlerMapping mappings;
    private final ObjectMapper json;
    private final DefaultParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();
    private volatile Map<String, HandlerMethod> operations;

    ApiCalls(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings, ObjectMapper json) {
        this.mappings = mappings;
        this.json = json;
    }

    /** The operations the caller's roles allow, of those the API declares roles for. */
    public Set<String> allowedTo(Caller caller) {
        Set<String> allowed = new TreeSet<>();
        operations().forEach((operationId, handler) -> {
            AllowedRoles roles = handler.getMethodAnnotation(AllowedRoles.class);
            if (roles != null && Arrays.stream(roles.value()).anyMatch(caller.roles()::contains)) {
                allowed.add(operationId);
            }
        });
        return allowed;
    }

    /** The operation's answer as the API serializes it (maps, lists, strings, numbers), its body for a ResponseEntity. */
    public Object answer(String operationId, Caller caller, Map<String, ?> arguments) {
        return json(call(operationId, caller, arguments));
    }

    /** A handler's return value (from {@link #call}) as the API serializes it, its body for a ResponseEntity. */
    public Object json(Object result) {
        Object body = result instanceof ResponseEntity<?> entity ? entity.getBody() : result;
        return body == null ? null : json.convertValue(body, Object.class);
    }

    /** The operation's handler's own return value (a {@code ResponseEntity} with its headers, say). */
    public Object call(String operationId, Caller caller, Map<String, ?> arguments) {
        HandlerMethod handler = operations().get(operationId);
        if (handler == null) {
            throw new IllegalArgumentException("No API operation " + operationId);
        }
        AllowedRoles roles = handler.getMethodAnnotation(AllowedRoles.class);
        if (roles != null) {
            caller.requireAnyRole(roles.value());
        }
        Invocation invocation = new Invocation(handler.createWithResolvedBean());
        MethodParameter[] parameters = invocation.getMethodParameters();
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            values[i] = argument(parameters[i], caller, arguments);
        }
        try {
            return invocation.invoke(values);
        } catch (RuntimeException refusal) {
            throw refusal;
        } catch (Exception e) {
            throw new IllegalStateException("Operation " + operationId + " failed", e);
        }
    }

    /** Spring MVC's own invocation of a handler (accessibility, unwrapped exceptions), with the arguments given. */
    private static final class Invocation extends InvocableHandlerMethod {

        Invocation(HandlerMethod handler) {
            super(handler);
        }

        Object invoke(Object[] arguments) throws Exception {
            return doInvoke(arguments);
        }
    }

    private Object argument(MethodParameter parameter, Caller caller, Map<String, ?> arguments) {
        if (parameter.getParameterType().equals(Caller.class)) {
            return caller;
        }
        parameter.initParameterNameDiscovery(names);
        String name = parameter.getParameterName();
        String defaultValue = null;
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (query != null) {
            name = query.name().isEmpty() ? name : query.name();
            defaultValue = ValueConstants.DEFAULT_NONE.equals(query.defaultValue()) ? null : query.defaultValue();
        } else if (path != null) {
            name = path.name().isEmpty() ? name : path.name();
        } else if (header != null) {
            name = header.name().isEmpty() ? name : header.name();
        } else if (parameter.hasParameterAnnotation(RequestBody.class)) {
            name = BODY;
        }
        Object value = arguments.get(name);
        if (value == null || (value instanceof String text && text.isBlank())) {
            value = defaultValue;
        }
        JavaType type = json.getTypeFactory().constructType(parameter.getGenericParameterType());
        return value == null ? null : json.convertValue(value, type);
    }

    private Map<String, HandlerMethod> operations() {
        if (operations == null) {
            Map<String, HandlerMethod> found = new HashMap<>();
            mappings.getHandlerMethods().values().forEach(handler -> {
                Operation operation = handler.getMethodAnnotation(Operation.class);
                if (operation != null && !operation.operationId().isEmpty()) {
                    found.put(operation.operationId(), handler);
                }
            });
            operations = Map.copyOf(found);
        }
        return operations;
    }
}
