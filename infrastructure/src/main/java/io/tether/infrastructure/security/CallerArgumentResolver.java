package io.tether.infrastructure.security;

import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** The {@link Caller} argument of a handler, refused (403) unless it has one of the handler's {@link AllowedRoles}. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Caller.class);
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Caller caller = Caller.current().orElseThrow(
                () -> new AuthenticationCredentialsNotFoundException("No authenticated caller"));
        AllowedRoles allowed = parameter.getMethodAnnotation(AllowedRoles.class);
        if (allowed != null) {
            caller.requireAnyRole(allowed.value());
        }
        return caller;
    }
}
