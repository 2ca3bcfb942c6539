package dev.nodemesh.term.mapping;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Captures a generic type in a test: {@code new GenericType<List<String>>() {}.type()}. */
abstract class GenericType<T> {

    Type type() {
        return ((ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
    }
}
