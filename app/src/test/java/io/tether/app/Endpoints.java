package io.tether.app;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the API Spring MVC serves, as "METHOD /path/{pattern}", with its handler; the error page and the
 * pages of the web module (views, not API endpoints: no problem+json, no OpenAPI operation) aside.
 */
final class Endpoints {

    private Endpoints() {
    }

    static Map<String, HandlerMethod> served(RequestMappingHandlerMapping mappings) {
        Map<String, HandlerMethod> served = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (isPage(handler)) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                if (!pattern.equals("/error")) {
                    info.getMethodsCondition().getMethods().forEach(method -> served.put(method + " " + pattern, handler));
                }
            }
        });
        return served;
    }

    private static boolean isPage(HandlerMethod handler) {
        return handler.getBeanType().getPackageName().startsWith("io.tether.web")
                && !AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ResponseBody.class);
    }
}
