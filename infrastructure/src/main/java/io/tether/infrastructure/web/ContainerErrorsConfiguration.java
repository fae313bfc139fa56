package io.tether.infrastructure.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tether.infrastructure.security.ApiResponseHeaders;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat reports the errors it answers itself through {@link ProblemErrorReportValve} instead of its HTML page. */
@Configuration(proxyBeanMethods = false)
class ContainerErrorsConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ObjectProvider<ObjectMapper> json,
                                                                               ObjectProvider<ApiResponseHeaders> headers) {
        return factory -> factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            // The host has started, with its own error report valve, by the time its context starts.
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && context.getParent() instanceof Host host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve(json, headers));
            }
        }));
    }
}
