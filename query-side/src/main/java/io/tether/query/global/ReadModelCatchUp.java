package io.tether.query.global;

import io.tether.query.ProjectionPositions;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Read-your-writes for views built from one or several read models. Each processing group is awaited up to its
 * own latest event at or before the position, not up to the position itself: a processor stores its
 * position lazily while it skips events it has no handler for, so waiting for a read model to pass
 * another read model's event would take seconds and show nothing new.
 */
@Component
public class ReadModelCatchUp {

    private final JdbcClient jdbc;
    private final ProjectionPositions positions;
    /** Found on first use, once every handler bean exists, rather than while beans are still being created. */
    private final SingletonSupplier<Map<String, List<String>>> handledTypesByGroup;

    ReadModelCatchUp(JdbcClient jdbc, ProjectionPositions positions, ApplicationContext context) {
        this.jdbc = jdbc;
        this.positions = positions;
        this.handledTypesByGroup = SingletonSupplier.of(() -> handledTypesByGroup(context));
    }

    /** @return whether every group caught up within the configured wait */
    public boolean awaitProcessed(Collection<String> processingGroups, long position) {
        return processingGroups.stream().allMatch(group -> positions.awaitProcessed(group, latestHandled(group, position)));
    }

    private long latestHandled(String group, long position) {
        List<String> handledTypes = handledTypesByGroup.obtain().get(group);
        if (handledTypes == null) {
            return position;
        }
        if (handledTypes.isEmpty()) {
            return -1;
        }
        return jdbc.sql("""
                        SELECT COALESCE(MAX(global_index), -1) FROM domain_event_entry
                        WHERE global_index <= :position AND payload_type IN (:types)""")
                .param("position", position)
                .param("types", handledTypes)
                .query(Long.class)
                .single();
    }

    /** The payload types of the {@code @EventHandler} methods of every bean in each processing group. */
    private static Map<String, List<String>> handledTypesByGroup(ApplicationContext context) {
        Map<String, Set<String>> types = new HashMap<>();
        context.getBeansWithAnnotation(ProcessingGroup.class).values().forEach(bean -> {
            Class<?> type = ClassUtils.getUserClass(bean);
            ProcessingGroup group = AnnotationUtils.findAnnotation(type, ProcessingGroup.class);
            Set<String> handled = types.computeIfAbsent(group.value(), name -> new TreeSet<>());
            ReflectionUtils.doWithMethods(type, method -> handled.add(payloadTypeOf(method).getName()),
                    method -> method.isAnnotationPresent(EventHandler.class) && method.getParameterCount() > 0);
        });
        Map<String, List<String>> lists = new HashMap<>();
        types.forEach((group, handled) -> lists.put(group, List.copyOf(handled)));
        return Map.copyOf(lists);
    }

    private static Class<?> payloadTypeOf(Method handler) {
        Class<?> declared = handler.getAnnotation(EventHandler.class).payloadType();
        return declared == Object.class ? handler.getParameterTypes()[0] : declared;
    }
}
