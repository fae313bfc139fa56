package io.tether.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.MDC;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * PostgreSQL's transactions by the request whose thread ran them: the application's data source, wrapped so that it
 * counts, under the request id of the thread ({@code request_id}, which the request id filter puts in the MDC), each
 * commit of a transaction that ran a statement and each statement run in autocommit (a transaction of its own, as
 * {@code pg_stat_database.xact_commit} counts it). What runs on other threads (the processors, the event store's
 * producer, db-scheduler) has no request id and is not counted.
 */
final class TransactionsByRequest implements BeanPostProcessor {

    private static final ClassLoader LOADER = TransactionsByRequest.class.getClassLoader();

    private final Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();

    /** The transactions PostgreSQL committed for the request with this id so far. */
    int of(String requestId) {
        AtomicInteger count = commits.get(requestId);
        return count == null ? 0 : count.get();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource)) {
            return bean;
        }
        return Proxy.newProxyInstance(LOADER, new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            Object result = invoke(method, dataSource, args);
            return result instanceof Connection connection ? counting(connection) : result;
        });
    }

    private Connection counting(Connection connection) {
        // whether the open transaction has run a statement: a commit without one sends nothing to the server
        boolean[] pending = {false};
        return (Connection) Proxy.newProxyInstance(LOADER, new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "commit" -> committed(pending);
                case "setAutoCommit" -> {
                    if (Boolean.TRUE.equals(args[0]) && !connection.getAutoCommit()) {
                        committed(pending); // turning autocommit on commits the open transaction
                    }
                }
                case "rollback" -> pending[0] = args != null && args.length > 0 && pending[0];
                default -> {
                }
            }
            Object result = invoke(method, connection, args);
            if (result instanceof Statement statement && method.getReturnType().isInterface()) {
                return Proxy.newProxyInstance(LOADER, new Class<?>[] {method.getReturnType()}, (inner, call, callArgs) -> {
                    if (call.getName().startsWith("execute")) {
                        if (connection.getAutoCommit()) {
                            count();
                        } else {
                            pending[0] = true;
                        }
                    }
                    return invoke(call, statement, callArgs);
                });
            }
            return result;
        });
    }

    private void committed(boolean[] pending) {
        if (pending[0]) {
            count();
            pending[0] = false;
        }
    }

    private void count() {
        String requestId = MDC.get("request_id");
        if (requestId != null) {
            commits.computeIfAbsent(requestId, id -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
