package dev.reprise.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An entity written as a class whose public methods are its operations, as durabletask-java's
 * {@code AbstractTaskEntity<TState>} and durabletask-dotnet's {@code TaskEntity<TState>}:
 * <pre>{@code
 * @Entity("Counter") @Dependent @RegisterForReflection
 * public class Counter extends AbstractTaskEntity<Integer> {
 *     public void add(int amount) { state += amount; }
 *     public void reset() { state = 0; }
 *     public int get() { return state; }
 *     @Override protected Integer initializeState(TaskEntityOperation operation) { return 0; }
 * }
 * }</pre>
 * An operation runs the public instance method of that name, matched ignoring case, declared by the subclass (or a
 * superclass below this one). The method takes no parameter, or one: the operation's input read as the parameter's
 * type, or the {@link TaskEntityOperation} itself, or the {@link TaskEntityContext}. Its return value is the result
 * for a caller. Before it runs, {@link #state} holds the entity's state (or {@link #initializeState}'s value when it
 * has none) and {@link #context} its context; afterwards {@link #state} is stored ({@code null} deletes the entity).
 * An operation named {@code delete} with no such method deletes the state; any other unknown operation fails with
 * {@link UnsupportedOperationException}.
 *
 * <p>Operations are found by reflection on the class, so it must carry {@code @RegisterForReflection} (the engine
 * checks at start, and refuses two methods whose names differ only in case, or methods of more than one parameter).
 * The state type is read from the type argument ({@code extends AbstractTaskEntity<Integer>}); override
 * {@link #getStateType()} when it is itself generic. It must be readable and writable as JSON, and registered for
 * reflection too when it is a class of your own.
 *
 * @param <S> the state's type
 */
public abstract class AbstractTaskEntity<S> implements TaskEntity {

    /** The operations of each entity class, found once per class. */
    private static final ClassValue<Map<String, Method>> OPERATIONS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return findOperations(type);
        }
    };

    /** The entity's state while an operation runs; what it holds afterwards is stored. */
    protected S state;

    /** The context of the operation that runs: the entity's ID, signals, new orchestrations. */
    protected TaskEntityContext context;

    /**
     * The state of an entity that has none yet (it was never written or was deleted). The default makes one with the
     * state type's public no-argument constructor, or gives {@code null} when it has none; override it for types
     * such as {@code Integer}.
     */
    protected S initializeState(TaskEntityOperation operation) {
        Class<S> type = getStateType();
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException noDefault) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create the initial state of entity '" + getClass().getName()
                    + "' (" + type.getName() + "); override initializeState()", e);
        }
    }

    /**
     * The state's type: by default the type argument this class was declared with.
     *
     * @throws IllegalStateException when it cannot be read from the class declaration; override this method then
     */
    @SuppressWarnings("unchecked")
    protected Class<S> getStateType() {
        for (Class<?> c = getClass(); c != null && c != AbstractTaskEntity.class; c = c.getSuperclass()) {
            Type parent = c.getGenericSuperclass();
            if (parent instanceof ParameterizedType p && p.getRawType() == AbstractTaskEntity.class) {
                Type argument = p.getActualTypeArguments()[0];
                if (argument instanceof Class<?> plain) {
                    return (Class<S>) plain;
                }
                if (argument instanceof ParameterizedType generic) {
                    return (Class<S>) generic.getRawType();
                }
            }
        }
        throw new IllegalStateException("Entity class " + getClass().getName() + " does not name its state type "
                + "as a class (extends AbstractTaskEntity<SomeType>); override getStateType()");
    }

    /** Runs the operation's method on this object; see the class comment. */
    @Override
    public Object run(TaskEntityOperation operation) throws Exception {
        context = operation.getContext();
        TaskEntityState stored = operation.getState();
        state = stored.hasState() ? stored.getState(getStateType()) : initializeState(operation);
        Method method = OPERATIONS.get(getClass()).get(operation.getName().toLowerCase(Locale.ROOT));
        if (method == null) {
            if (operation.getName().equalsIgnoreCase("delete")) {
                state = null;
                stored.deleteState();
                return null;
            }
            throw new UnsupportedOperationException("Entity '" + context.getId().getName() + "' has no operation '"
                    + operation.getName() + "'; its operations are " + operationNames(getClass())
                    + " and delete (names match ignoring case)");
        }
        Object result = invoke(method, operation);
        stored.setState(state);
        return result;
    }

    private Object invoke(Method method, TaskEntityOperation operation) throws Exception {
        Object[] arguments = new Object[method.getParameterCount()];
        if (arguments.length == 1) {
            Class<?> type = method.getParameterTypes()[0];
            if (type == TaskEntityOperation.class) {
                arguments[0] = operation;
            } else if (type == TaskEntityContext.class) {
                arguments[0] = operation.getContext();
            } else {
                arguments[0] = operation.getInput(type);
                if (arguments[0] == null && type.isPrimitive()) {
                    throw new IllegalArgumentException("Operation '" + method.getName() + "' of entity '"
                            + context.getId().getName() + "' needs an input of type " + type.getName()
                            + "; it was sent without one");
                }
            }
        }
        try {
            return method.invoke(this, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    /**
     * The operations an entity class answers, lowercased, as the engine dispatches them ({@code delete} is implicit
     * and not listed unless the class declares it). The engine calls this for every registered entity at start.
     *
     * @throws IllegalStateException    when two public methods differ only in case, or one takes more than one
     *                                  parameter
     * @throws IllegalArgumentException when {@code type} does not extend this class
     */
    public static Set<String> operationNames(Class<?> type) {
        if (!AbstractTaskEntity.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " does not extend AbstractTaskEntity");
        }
        return OPERATIONS.get(type).keySet();
    }

    private static Map<String, Method> findOperations(Class<?> type) {
        Map<String, Method> found = new TreeMap<>();
        for (Method m : type.getMethods()) {
            Class<?> owner = m.getDeclaringClass();
            if (Modifier.isStatic(m.getModifiers()) || m.isBridge() || m.isSynthetic() || owner == Object.class
                    || owner == AbstractTaskEntity.class || !AbstractTaskEntity.class.isAssignableFrom(owner)
                    || (m.getName().equals("run") && m.getParameterCount() == 1
                    && m.getParameterTypes()[0] == TaskEntityOperation.class)) {
                continue;
            }
            if (m.getParameterCount() > 1) {
                throw new IllegalStateException("Entity class " + type.getName() + ": operation method "
                        + m.getName() + " takes " + m.getParameterCount() + " parameters; an operation takes its "
                        + "input as one parameter (a record for several values), or none");
            }
            Method other = found.put(m.getName().toLowerCase(Locale.ROOT), m);
            if (other != null && !other.getName().equals(m.getName())) {
                throw new IllegalStateException("Entity class " + type.getName() + " has methods " + other.getName()
                        + " and " + m.getName() + ", which are one operation (names match ignoring case); rename one");
            }
            if (other != null) {
                throw new IllegalStateException("Entity class " + type.getName() + " overloads " + m.getName()
                        + "; an operation must be one method");
            }
        }
        return java.util.Collections.unmodifiableMap(found);
    }
}
