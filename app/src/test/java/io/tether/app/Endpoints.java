package io.tether.app;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the API that Spring MVC serves, as "METHOD /path/{pattern}", with its handler; the error page
 * aside, and the pages (the connect page, the console: HTML for browsers behind their own filter chain, tested in a
 * real browser).
 */
final class Endpoints {

    private Endpoints() {
    }

    static Map<String, HandlerMethod> served(RequestMappingHandlerMapping mappings) {
        Map<String, HandlerMethod> served = new TreeMap<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.equals("/error") && !isPage(pattern)) {
                    info.getMethodsCondition().getMethods().forEach(method -> served.put(method + " " + pattern, handler));
                }
            }
        });
        return served;
    }

    private static boolean isPage(String pattern) {
        return pattern.equals("/connect") || pattern.startsWith("/connect/")
                || pattern.equals("/console") || pattern.startsWith("/console/");
    }
}
