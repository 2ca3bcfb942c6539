package dev.nodemesh.term.mapping;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;

/**
 * Captures a generic Java type to map a term to, the way Spring's {@code
 * ParameterizedTypeReference} does: subclass it anonymously where the type is written out.
 *
 * <pre>{@code
 * List<Greeting> all = mapper.fromTerm(term, new TermType<List<Greeting>>() {});
 * Map<String, Object> fields = template.call("registry", request, new TermType<Map<String, Object>>() {});
 * }</pre>
 *
 * @param <T> the captured type
 */
public abstract class TermType<T> {

    private final Type type;

    /**
     * Captures the type argument of the anonymous subclass.
     *
     * @throws IllegalStateException if the subclass does not give a concrete type argument
     */
    protected TermType() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)
                || parameterized.getRawType() != TermType.class
                || parameterized.getActualTypeArguments()[0] instanceof TypeVariable<?>) {
            throw new IllegalStateException(
                    "TermType needs its type written out: new TermType<List<Greeting>>() {}, not a raw or generic subclass");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    /**
     * Returns the captured type.
     *
     * @return the type, such as {@code java.util.List<Greeting>}
     */
    public final Type type() {
        return type;
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof TermType<?> that && type.equals(that.type);
    }

    @Override
    public final int hashCode() {
        return type.hashCode();
    }

    @Override
    public String toString() {
        return "TermType<" + type.getTypeName() + ">";
    }
}
