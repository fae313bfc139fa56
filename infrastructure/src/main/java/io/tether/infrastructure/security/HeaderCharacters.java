package io.tether.infrastructure.security;

/**
 * The characters Spring Security's {@code StrictHttpFirewall} allows in header names and values by default (its
 * patterns {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} and, for values, the same with tabs), checked code point by
 * code point: {@code \p{IsAssigned}} is a type other than {@link Character#UNASSIGNED}, {@code \p{IsControl}} the
 * type {@link Character#CONTROL}.
 */
final class HeaderCharacters {

    private HeaderCharacters() {
    }

    static boolean allowedInName(String name) {
        return allAllowed(name, false);
    }

    static boolean allowedInValue(String value) {
        return allAllowed(value, true);
    }

    private static boolean allAllowed(String text, boolean tabs) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tabs && codePoint == '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
