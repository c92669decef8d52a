package jpm.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a record component whose type is a record: its components are written into the enclosing
 * JSON object as if they were the enclosing record's own, and read back from it (Jackson's
 * {@code @JsonUnwrapped}). A record can so group its components without changing the JSON a
 * peer reads, as long as the grouped names stay unique. {@link FlatComponents} gives the same
 * flat view to code that names components.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Unwrapped {}
