package dev.nodemesh.spring;

import dev.nodemesh.Down;
import dev.nodemesh.term.Term;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.ResolvableType;

/**
 * The AOT hints for an {@link OnMessage} method: the method itself, invoked reflectively by the
 * process, and, for binding, the Java types the {@code TermMapper} maps its message from and its
 * return value to (a record's canonical constructor and accessors, recursively its components'
 * types). Terms ({@code Term} and its kinds), {@link Down} and the caller's {@code Pid} are read as
 * they are and need nothing.
 */
class OnMessageReflectiveProcessor extends SimpleReflectiveProcessor {

    private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        List<Type> mapped = new ArrayList<>();
        if (method.getParameterCount() > 0) {
            mapped.add(method.getGenericParameterTypes()[0]);
        }
        mapped.add(method.getGenericReturnType());
        bindings.registerReflectionHints(
                hints,
                mapped.stream().filter(OnMessageReflectiveProcessor::isMapped).toArray(Type[]::new));
    }

    private static boolean isMapped(Type type) {
        Class<?> raw = ResolvableType.forType(type).toClass();
        return raw != void.class && raw != Void.class && raw != Down.class && !Term.class.isAssignableFrom(raw);
    }
}
