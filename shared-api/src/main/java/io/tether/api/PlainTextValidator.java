package io.tether.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Collection;
import java.util.Map;

/** Checks {@link PlainText}: strings, and the keys, values and elements of maps and collections. */
public class PlainTextValidator implements ConstraintValidator<PlainText, Object> {

    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private boolean multiline;

    @Override
    public void initialize(PlainText annotation) {
        multiline = annotation.multiline();
    }

    @Override
    public boolean isValid(Object value, ConstraintValidatorContext context) {
        return isPlain(value, multiline);
    }

    public static boolean isPlain(Object value, boolean multiline) {
        if (value instanceof CharSequence text) {
            return isPlainText(text, multiline);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().allMatch(entry ->
                    isPlain(entry.getKey(), false) && isPlain(entry.getValue(), multiline));
        }
        if (value instanceof Collection<?> elements) {
            return elements.stream().allMatch(element -> isPlain(element, multiline));
        }
        return true;
    }

    private static boolean isPlainText(CharSequence text, boolean multiline) {
        return text.codePoints().allMatch(codePoint -> switch (Character.getType(codePoint)) {
            case Character.CONTROL -> multiline && (codePoint == '\n' || codePoint == '\r' || codePoint == '\t');
            case Character.FORMAT -> codePoint == ZERO_WIDTH_JOINER;
            case Character.SURROGATE -> false;
            default -> true;
        });
    }
}
