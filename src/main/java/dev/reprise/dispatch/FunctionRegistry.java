package dev.reprise.dispatch;

import dev.reprise.api.AbstractTaskEntity;
import dev.reprise.api.Activity;
import dev.reprise.api.ActivityFunction;
import dev.reprise.api.AsyncActivityFunction;
import dev.reprise.api.Entity;
import dev.reprise.api.InvalidRequestException;
import dev.reprise.api.Names;
import dev.reprise.api.Orchestrator;
import dev.reprise.api.OrchestratorFunction;
import dev.reprise.api.RepriseException;
import dev.reprise.api.TaskEntity;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Orchestrators, activities and entities by name. Built from the CDI beans ArC resolved at build time (qualifiers
 * {@link Orchestrator}, {@link Activity} and {@link Entity}), so nothing scans the classpath at run time. Entities
 * are checked at start (their names, and that an {@link AbstractTaskEntity} is {@code @Dependent}, registered for
 * reflection and has unambiguous operations), and a new instance is asked of CDI for every batch.
 */
@ApplicationScoped
public class FunctionRegistry {

    private final Map<String, OrchestratorFunction> orchestrators = new TreeMap<>();
    private final Map<String, Object> activities = new TreeMap<>();
    /** Entity names as declared, by their lowercased form (entity names compare ignoring case). */
    private final Map<String, String> entities = new TreeMap<>();
    private final Instance<TaskEntity> entityBeans;

    FunctionRegistry(@Any Instance<OrchestratorFunction> orchestratorBeans,
                     @Any Instance<ActivityFunction> activityBeans,
                     @Any Instance<AsyncActivityFunction> asyncActivityBeans,
                     @Any Instance<TaskEntity> entityBeans) {
        this.entityBeans = entityBeans;
        collect(orchestratorBeans, Orchestrator.class, a -> ((Orchestrator) a).value(), orchestrators, "orchestrator");
        collect(activityBeans, Activity.class, a -> ((Activity) a).value(), activities, "activity");
        collect(asyncActivityBeans, Activity.class, a -> ((Activity) a).value(), activities, "activity");
        for (Instance.Handle<TaskEntity> handle : entityBeans.handles()) {
            for (Annotation q : handle.getBean().getQualifiers()) {
                if (q instanceof Entity entity) {
                    addEntity(entity.value(), handle.getBean());
                }
            }
        }
    }

    private void addEntity(String name, Bean<?> bean) {
        Class<?> type = bean.getBeanClass();
        checkEntity(name, type, bean.getScope());
        if (entities.putIfAbsent(name.toLowerCase(Locale.ROOT), name) != null) {
            throw new RepriseException("Two entities are registered as '" + name + "' (names compare ignoring case; "
                    + "one in " + type.getName() + "); rename one.");
        }
    }

    /**
     * The start-time checks of one entity registration: a usable name, and for an {@link AbstractTaskEntity} a
     * {@code @Dependent} scope, its reflection registration and operations that can be told apart.
     *
     * @throws RepriseException naming the entity, what is wrong and how to fix it
     */
    static void checkEntity(String name, Class<?> type, Class<? extends Annotation> scope) {
        try {
            Names.entityName(name);
        } catch (InvalidRequestException e) {
            throw new RepriseException("Bean " + type.getName() + " is registered as an entity with a name that "
                    + "cannot be used: " + e.getMessage() + ". Rename it in @Entity.");
        }
        if (!AbstractTaskEntity.class.isAssignableFrom(type)) {
            return;
        }
        if (scope != Dependent.class) {
            throw new RepriseException("Entity '" + name + "' (" + type.getName() + ") extends AbstractTaskEntity, "
                    + "which keeps the state in a field, but is @" + scope.getSimpleName()
                    + ": declare it @Dependent so every batch gets an instance of its own.");
        }
        if (!type.isAnnotationPresent(RegisterForReflection.class)) {
            throw new RepriseException("Entity '" + name + "' (" + type.getName() + ") extends AbstractTaskEntity, "
                    + "whose operations are found by reflection: annotate the class with "
                    + "@io.quarkus.runtime.annotations.RegisterForReflection so they exist in the native image.");
        }
        try {
            AbstractTaskEntity.operationNames(type);
        } catch (IllegalStateException e) {
            throw new RepriseException("Entity '" + name + "': " + e.getMessage());
        }
    }

    /** {@code true} when an entity of that name (any case) is registered. */
    public boolean runsEntity(String name) {
        return name != null && entities.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * A new instance of the entity registered as {@code name} (any case), for one batch; give it back with
     * {@link #release}. {@code null} when none is registered.
     */
    public TaskEntity newEntity(String name) {
        String declared = entities.get(name.toLowerCase(Locale.ROOT));
        return declared == null ? null : entityBeans.select(new Entity.Literal(declared)).get();
    }

    /** Gives back an instance from {@link #newEntity} (destroys a {@code @Dependent} one). */
    public void release(TaskEntity entity) {
        if (entity != null) {
            entityBeans.destroy(entity);
        }
    }

    /** The registered entity names, as declared, sorted by their lowercased form. */
    public Collection<String> entityNames() {
        return entities.values();
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
