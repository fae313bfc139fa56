package io.tether.infrastructure.security;

import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

/**
 * Spring Security's filter chain as Spring Security 7 registers it: without the filter that Spring Security 6 puts in
 * front of it whenever Spring MVC is there, which looks up, for every request, the handler Spring MVC will dispatch it
 * to (every mapping matched against a path with a variable) and keeps it for Spring Security's MVC-asking matchers
 * and CORS. Tether has neither: its matchers are path patterns ({@link SecurityConfiguration#requestMatchersByPathPattern})
 * and its CORS rules its own ({@code CorsProperties}). The look-up was 4.7 % of Tether's CPU in the benchmark's
 * credential-read and GET rows (docs/benchmarks.md, nineteenth session), the dispatcher's own look-up coming after it.
 * <p>
 * Spring Security 6.5 wraps the {@code springSecurityFilterChain} bean in a {@code CompositeFilterChainProxy} of the
 * cache filter and the chain, and the chain in another composite whose filter parses the request's path once for the
 * path-pattern matchers (that one stays, wherever it is); this puts what the cache filter's composite wrapped in its
 * place, once every registry post-processor has run. A wrapper of another shape is left as it is, and
 * {@code AuthorizationTest} fails: that is the sign, on an upgrade, to look again (Spring Security 7 no longer wraps,
 * and this class can go).
 */
final class WithoutIntrospectorCache implements BeanFactoryPostProcessor {

    private static final String FILTER_CHAIN = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;
    /** Spring Security 6.5's wrappers: one for the cache filter, one for the request path's parsing (which stays). */
    private static final String COMPOSITE = "$CompositeFilterChainProxy";
    private static final String MVC_COMPOSITE =
            "org.springframework.security.config.annotation.web.configuration.WebMvcSecurityConfiguration" + COMPOSITE;
    private static final String CACHE_FILTER = "HandlerMappingIntrospectorCacheFilterFactoryBean";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(beanFactory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(FILTER_CHAIN)) {
            return;
        }
        BeanDefinition registered = registry.getBeanDefinition(FILTER_CHAIN);
        BeanDefinition unwrapped = withoutCacheFilter(registered);
        if (unwrapped != null) {
            // Registered again even when changed inside: so that no definition merged before this is kept.
            registry.removeBeanDefinition(FILTER_CHAIN);
            registry.registerBeanDefinition(FILTER_CHAIN, unwrapped);
        }
    }

    /** The definition without the cache filter's wrapper, or null when there was none in it. */
    private static BeanDefinition withoutCacheFilter(BeanDefinition definition) {
        String type = definition.getBeanClassName();
        if (type == null || !type.endsWith(COMPOSITE) || !(filtersOf(definition) instanceof List<?> filters)) {
            return null;
        }
        if (type.equals(MVC_COMPOSITE) && filters.size() == 2 && filters.get(0) instanceof BeanDefinition cacheFilter
                && cacheFilter.getBeanClassName() != null && cacheFilter.getBeanClassName().endsWith(CACHE_FILTER)
                && filters.get(1) instanceof BeanDefinition chain) {
            return chain;
        }
        @SuppressWarnings("unchecked")
        List<Object> nested = (List<Object>) filters;
        for (int i = 0; i < nested.size(); i++) {
            BeanDefinition chain = nested.get(i) instanceof BeanDefinition filter ? withoutCacheFilter(filter) : null;
            if (chain != null) {
                nested.set(i, chain);
                return definition;
            }
        }
        return null;
    }

    private static Object filtersOf(BeanDefinition composite) {
        ValueHolder argument = composite.getConstructorArgumentValues().getIndexedArgumentValue(0, null);
        return argument == null ? null : argument.getValue();
    }
}
