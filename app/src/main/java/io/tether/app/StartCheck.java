package io.tether.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@code java -jar tether.jar start-check [settings]}: starts Tether with these settings, asks its readiness endpoint
 * over HTTP until it answers 200 (as a load balancer or the bench would), and stops it as a shutdown does. Exits 0
 * when it was ready, 1 when it did not start or was not ready within {@code tether.start-check.timeout} (the cause
 * is logged). The build runs it under {@code -XX:ArchiveClassesAtExit} to record the classes a start and its first
 * health request load (docs/operations.md, "The class archive"); an operator can run it to try a configuration.
 */
final class StartCheck {

    static final String NAME = "start-check";
    private static final Logger log = LoggerFactory.getLogger(StartCheck.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private StartCheck() {
    }

    static int run(String[] args) {
        ConfigurableApplicationContext context;
        try {
            context = SpringApplication.run(TetherApplication.class, args);
        } catch (RuntimeException notStarted) {
            return 1; // Spring Boot has logged why, and closed what had started
        }
        boolean ready = awaitReadiness(context);
        int stopped = SpringApplication.exit(context);
        return ready ? stopped : 1;
    }

    private static boolean awaitReadiness(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        Duration timeout = environment.getProperty("tether.start-check.timeout", Duration.class, Duration.ofMinutes(2));
        URI readiness = readinessUri(context, environment);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    log.info("Start check: {} answered 200", readiness);
                    return true;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException unreachable) {
                last = unreachable.toString();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                log.error("Start check: {} did not answer 200 within {} (tether.start-check.timeout); its last answer: {}",
                        readiness, timeout, last);
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** The management port when it has one of its own, else the web server's; the address it listens on, else loopback. */
    private static URI readinessUri(ConfigurableApplicationContext context, Environment environment) {
        Integer port = environment.getProperty("local.management.port", Integer.class);
        if (port == null) {
            port = ((WebServerApplicationContext) context).getWebServer().getPort();
        }
        String address = environment.getProperty("management.server.address", environment.getProperty("server.address"));
        String host = address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                ? InetAddress.getLoopbackAddress().getHostAddress() : address;
        String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + basePath + "/health/readiness");
    }
}
