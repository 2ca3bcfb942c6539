package dev.nodemesh.term.mapping;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Helpers for {@link Type}: raw classes, type arguments, substitution of type variables. */
final class Types {

    private Types() {}

    /** The class a type erases to. */
    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return raw(p.getRawType());
        }
        if (type instanceof GenericArrayType a) {
            return Array.newInstance(raw(a.getGenericComponentType()), 0).getClass();
        }
        return raw(bound(type));
    }

    /** What a wildcard or type variable stands for when nothing narrower is known. */
    static Type bound(Type type) {
        if (type instanceof WildcardType w) {
            return w.getLowerBounds().length > 0 ? w.getLowerBounds()[0] : w.getUpperBounds()[0];
        }
        if (type instanceof TypeVariable<?> v) {
            return v.getBounds()[0];
        }
        return type;
    }

    /** The type argument at {@code index}, or {@code Object} for a raw type. */
    static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        if (type == char.class) {
            return Character.class;
        }
        return Void.class;
    }

    static Class<?> unboxed(Class<?> type) {
        if (type == Integer.class) {
            return int.class;
        }
        if (type == Long.class) {
            return long.class;
        }
        if (type == Boolean.class) {
            return boolean.class;
        }
        if (type == Double.class) {
            return double.class;
        }
        if (type == Float.class) {
            return float.class;
        }
        if (type == Short.class) {
            return short.class;
        }
        if (type == Byte.class) {
            return byte.class;
        }
        if (type == Character.class) {
            return char.class;
        }
        return type;
    }

    /** Replaces the type variables in {@code type} that {@code bindings} knows. */
    static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (bindings.isEmpty() || type instanceof Class<?>) {
            return type;
        }
        if (type instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            return bound != null ? bound : type;
        }
        if (type instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments().clone();
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = substitute(arguments[i], bindings);
            }
            return new Parameterized((Class<?>) p.getRawType(), p.getOwnerType(), arguments);
        }
        if (type instanceof GenericArrayType a) {
            Type component = substitute(a.getGenericComponentType(), bindings);
            return component instanceof Class<?> c ? Array.newInstance(c, 0).getClass() : new GenericArray(component);
        }
        return substitute(bound(type), bindings);
    }

    /**
     * The type of {@code subtype} as seen through its supertype {@code parent}: for {@code
     * Result<Greeting, String>} and the permitted {@code Ok<T, E> implements Result<T, E>}, gives
     * {@code Ok<Greeting, String>}. Type variables the supertype does not bind stay as they are
     * (the mapper uses their bounds).
     */
    static Type specialize(Class<?> subtype, Type parent) {
        TypeVariable<?>[] parameters = subtype.getTypeParameters();
        if (parameters.length == 0 || !(parent instanceof ParameterizedType parameterized)) {
            return subtype;
        }
        Class<?> parentClass = raw(parent);
        Map<TypeVariable<?>, Type> bindings = new java.util.HashMap<>();
        List<Type> supertypes = new ArrayList<>(Arrays.asList(subtype.getGenericInterfaces()));
        supertypes.add(subtype.getGenericSuperclass());
        for (Type supertype : supertypes) {
            if (supertype instanceof ParameterizedType declared && declared.getRawType() == parentClass) {
                Type[] declaredArguments = declared.getActualTypeArguments();
                Type[] actualArguments = parameterized.getActualTypeArguments();
                for (int i = 0; i < declaredArguments.length && i < actualArguments.length; i++) {
                    if (declaredArguments[i] instanceof TypeVariable<?> variable) {
                        bindings.put(variable, actualArguments[i]);
                    }
                }
            }
        }
        Type[] arguments = new Type[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Type bound = bindings.get(parameters[i]);
            arguments[i] = bound != null ? bound : parameters[i];
        }
        return new Parameterized(subtype, subtype.getDeclaringClass(), arguments);
    }

    /** A parameterized type built here; equal to the JDK's own for the same type. */
    private static final class Parameterized implements ParameterizedType {

        private final Class<?> raw;
        private final Type owner;
        private final Type[] arguments;

        Parameterized(Class<?> raw, Type owner, Type[] arguments) {
            this.raw = raw;
            this.owner = owner;
            this.arguments = arguments;
        }

        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return owner;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ParameterizedType that
                    && raw.equals(that.getRawType())
                    && Objects.equals(owner, that.getOwnerType())
                    && Arrays.equals(arguments, that.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(arguments) ^ Objects.hashCode(owner) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(raw.getTypeName()).append('<');
            for (int i = 0; i < arguments.length; i++) {
                out.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
            }
            return out.append('>').toString();
        }
    }

    /** A generic array type built here; equal to the JDK's own for the same type. */
    private static final class GenericArray implements GenericArrayType {

        private final Type component;

        GenericArray(Type component) {
            this.component = component;
        }

        @Override
        public Type getGenericComponentType() {
            return component;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GenericArrayType that && component.equals(that.getGenericComponentType());
        }

        @Override
        public int hashCode() {
            return component.hashCode();
        }

        @Override
        public String toString() {
            return component.getTypeName() + "[]";
        }
    }
}
