package jpm.plan;

/**
 * One field that differs. {@code masked} values (env) are never shown: only that they changed.
 *
 * @param field the ecosystem attribute name, e.g. {@code args}, {@code env.API_KEY}
 * @param before rendered old value, or null when the field was absent
 * @param after rendered new value, or null when the field is removed
 */
public record FieldChange(String field, String before, String after, boolean masked) {
    public String render() {
        if (masked) {
            String what = before == null ? "added" : after == null ? "removed" : "changed";
            return field + ": (" + what + ", value hidden)";
        }
        return field + ": " + (before == null ? "(none)" : before) + " -> " + (after == null ? "(none)" : after);
    }
}
