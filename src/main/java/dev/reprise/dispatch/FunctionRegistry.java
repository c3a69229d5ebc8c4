package dev.reprise.dispatch;

import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.AsyncActivityFunction;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.RepriseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Orchestrators and activities by name. Built from the CDI beans ArC resolved at build time (qualifiers
 * {@link Orchestrator} and {@link Activity}), so nothing scans the classpath at run time.
 */
@ApplicationScoped
public class FunctionRegistry {

    private final Map<String, OrchestratorFunction> orchestrators = new TreeMap<>();
    private final Map<String, Object> activities = new TreeMap<>();

    FunctionRegistry(@Any Instance<OrchestratorFunction> orchestratorBeans,
                     @Any Instance<ActivityFunction> activityBeans,
                     @Any Instance<AsyncActivityFunction> asyncActivityBeans) {
        collect(orchestratorBeans, Orchestrator.class, a -> ((Orchestrator) a).value(), orchestrators, "orchestrator");
        collect(activityBeans, Activity.class, a -> ((Activity) a).value(), activities, "activity");
        collect(asyncActivityBeans, Activity.class, a -> ((Activity) a).value(), activities, "activity");
    }

    private static <T, V> void collect(Instance<T> beans, Class<? extends Annotation> qualifier,
                                       Function<Annotation, String> nameOf, Map<String, V> target, String kind) {
        for (Instance.Handle<T> handle : beans.handles()) {
            String name = null;
            for (Annotation q : handle.getBean().getQualifiers()) {
                if (qualifier.isInstance(q)) {
                    name = nameOf.apply(q);
                }
            }
            if (name == null) {
                continue;
            }
            if (name.isBlank()) {
                throw new RepriseException("Bean " + handle.getBean().getBeanClass().getName() + " is registered as an "
                        + kind + " with a blank name; give @" + qualifier.getSimpleName() + " a name.");
            }
            @SuppressWarnings("unchecked")
            V function = (V) handle.get();
            if (target.putIfAbsent(name, function) != null) {
                throw new RepriseException("Two " + kind + "s are registered as '" + name + "' (one in "
                        + handle.getBean().getBeanClass().getName() + "); names must be unique, rename one.");
            }
        }
    }

    /** The orchestrator registered as {@code name}, or {@code null}. */
    public OrchestratorFunction orchestrator(String name) {
        return orchestrators.get(name);
    }

    /** The activity registered as {@code name}: an {@link ActivityFunction}, an {@link AsyncActivityFunction}, or null. */
    public Object activity(String name) {
        return activities.get(name);
    }

    public Set<String> orchestratorNames() {
        return orchestrators.keySet();
    }

    public Set<String> activityNames() {
        return activities.keySet();
    }
}
