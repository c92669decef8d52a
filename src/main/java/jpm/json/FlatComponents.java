package jpm.json;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record type's components as JSON sees them: the components of an {@link Unwrapped} component
 * take its place, in order, recursively. Each one is reached from the outer record through a
 * path of accessors. Looked up once per type.
 */
public final class FlatComponents {
    private FlatComponents() {}

    /**
     * One component of the flat view.
     *
     * @param name the component's own name (camelCase), unique in the flat view
     * @param component the component itself, in the record that declares it
     * @param path the accessors from the outer record to the one that declares it (empty: the outer one)
     */
    public record Leaf(String name, RecordComponent component, List<Method> path) {
        public Type type() {
            return component.getGenericType();
        }

        /** This component's value in {@code outer}, an instance of the type the view was made for. */
        public Object get(Record outer) {
            try {
                Object r = outer;
                for (Method m : path) r = m.invoke(r);
                return component.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name + " of " + outer.getClass().getSimpleName(), e);
            }
        }
    }

    private static final ClassValue<Map<String, Leaf>> VIEWS = new ClassValue<>() {
        @Override
        protected Map<String, Leaf> computeValue(Class<?> type) {
            Map<String, Leaf> out = new LinkedHashMap<>();
            collect(type, List.of(), out);
            return java.util.Collections.unmodifiableMap(out);
        }
    };

    /** The flat view of a record type, by name in order. */
    public static Map<String, Leaf> of(Class<? extends Record> type) {
        return VIEWS.get(type);
    }

    /** Whether a component's own components stand in its place. */
    public static boolean isUnwrapped(RecordComponent c) {
        return c.isAnnotationPresent(Unwrapped.class);
    }

    private static void collect(Class<?> type, List<Method> path, Map<String, Leaf> out) {
        if (!type.isRecord()) throw new IllegalArgumentException(type.getName() + " is not a record");
        for (RecordComponent c : type.getRecordComponents()) {
            // a record need not be public to be read here (a test's own, a package's private one)
            c.getAccessor().trySetAccessible();
            if (isUnwrapped(c)) {
                List<Method> deeper = new ArrayList<>(path);
                deeper.add(c.getAccessor());
                collect(c.getType(), List.copyOf(deeper), out);
            } else if (out.putIfAbsent(c.getName(), new Leaf(c.getName(), c, path)) != null) {
                throw new IllegalStateException(type.getName() + "." + c.getName() + " is named twice in its record's flat view");
            }
        }
    }
}
