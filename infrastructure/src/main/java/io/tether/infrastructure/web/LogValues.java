package io.tether.infrastructure.web;

/**
 * Values from requests and tokens as they may appear in a log line: every control character and Unicode
 * line or paragraph separator is written as a backslash, u and four hex digits, so a value cannot end the line and forge the next.
 */
public final class LogValues {

    private LogValues() {
    }

    public static String escaped(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\\';
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(unsafe ? (c == '\\' ? "\\\\" : String.format("\\u%04X", (int) c)) : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }
}
