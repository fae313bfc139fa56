package io.tether.app;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every endpoint Spring MVC serves, as "METHOD /path/{pattern}", with its handler; the error page aside. */
final class Endpoints {

    private Endpoints() {
    }

    static Map<String, HandlerMethod> served(RequestMappingHandlerMapping mappings) {
        Map<String, HandlerMethod> served = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.equals("/error")) {
                    info.getMethodsCondition().getMethods().forEach(method -> served.put(method + " " + pattern, handler));
                }
            }
        });
        return served;
    }
}
