package dev.gradus.compiler.lower;

import com.palantir.javapoet.NameAllocator;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Every identifier of a generated class comes from here: one JavaPoet {@link NameAllocator} for
 * its fields, one for its methods (Java keeps the two apart, so a field {@code loss} and the
 * method {@code loss(...)} can both keep their names), and for each method body a {@link Scope}
 * cloned from the fields' allocator, so a local can never hide a field. Java's keywords are
 * refused by the allocator itself; what else generated code relies on is reserved before any
 * model name is allocated: the simple names of the types it refers to, the methods it inherits
 * or imports statically, and the language's restricted identifiers.
 */
public final class Names {
    /**
     * Restricted identifiers of the Java language (JLS 17 §3.9 and the next releases' {@code when}):
     * legal as some names but not as others, so generated code keeps clear of them.
     */
    private static final String[] RESTRICTED = {"var", "yield", "record", "sealed", "permits", "when"};

    private final NameAllocator fields = new NameAllocator();
    private final NameAllocator methods = new NameAllocator();
    private final Map<Object, String> fieldTags = new HashMap<>();
    private final Map<Object, String> methodTags = new HashMap<>();
    private int reserved;

    public Names() {
        for (String r : RESTRICTED) {
            reserveField(r);
        }
        reserveMethodsOf(Object.class);
    }

    /** Reserves a name that expressions use with a fixed meaning: a type's simple name, a package's first segment. */
    public void reserveField(String name) {
        fields.newName(name, new Reserved(reserved++));
    }

    /** Reserves the names of every public method of a type: the interface implemented, functions imported statically. */
    public void reserveMethodsOf(Class<?> type) {
        for (Method m : type.getMethods()) {
            methods.newName(m.getName(), new Reserved(reserved++));
        }
    }

    /**
     * A field named after {@code suggestion} (made a Java identifier, then with trailing underscores
     * until it is free) for {@code tag}; the same tag always gets the same name.
     */
    public String field(String suggestion, Object tag) {
        return allocate(fields, fieldTags, suggestion, tag);
    }

    /** A method named after {@code suggestion} for {@code tag}. */
    public String method(String suggestion, Object tag) {
        return allocate(methods, methodTags, suggestion, tag);
    }

    private static String allocate(NameAllocator allocator, Map<Object, String> tags, String suggestion, Object tag) {
        String known = tags.get(tag);
        if (known != null) {
            return known;
        }
        String name = allocator.newName(suggestion.isEmpty() ? "v" : suggestion, tag);
        tags.put(tag, name);
        return name;
    }

    public boolean hasField(Object tag) {
        return fieldTags.containsKey(tag);
    }

    /** The field allocated for {@code tag}. */
    public String field(Object tag) {
        return get(fieldTags, tag);
    }

    /** The method allocated for {@code tag}. */
    public String method(Object tag) {
        return get(methodTags, tag);
    }

    private static String get(Map<Object, String> tags, Object tag) {
        String name = tags.get(tag);
        if (name == null) {
            throw new IllegalStateException("no name allocated for " + tag);
        }
        return name;
    }

    /**
     * A scope for one method body: its parameters and locals clash with no field and with each
     * other. Take scopes only after every field is allocated.
     */
    public Scope scope() {
        return new Scope(fields.clone());
    }

    /** Locals of one method, each base name allocated once ({@code get("ex")} is the same name every time). */
    public static final class Scope {
        private final NameAllocator locals;
        private final Map<String, String> byBase = new HashMap<>();

        private Scope(NameAllocator locals) {
            this.locals = locals;
        }

        /** The local for {@code base} in this method: {@code base} itself unless a field or keyword took it. */
        public String get(String base) {
            return byBase.computeIfAbsent(base, b -> locals.newName(b, new Object()));
        }
    }

    private record Reserved(int n) {}
}
