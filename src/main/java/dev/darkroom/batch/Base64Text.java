package dev.darkroom.batch;

import java.util.Base64;

/**
 * Base64 as clients really send it: standard alphabet, padded or not, possibly wrapped in lines,
 * possibly a {@code data:} URI copied from a browser. Checked by hand before decoding, because the
 * JDK's messages ("Illegal base64 character 2d") do not tell a user where or what to fix.
 */
final class Base64Text {

    private final String text;
    private final int from;
    private final String problem;
    private final long decodedLength;
    private final boolean whitespace;

    private Base64Text(String text, int from, String problem, long decodedLength, boolean whitespace) {
        this.text = text;
        this.from = from;
        this.problem = problem;
        this.decodedLength = decodedLength;
        this.whitespace = whitespace;
    }

    static Base64Text of(String text) {
        int from = 0;
        if (text.startsWith("data:")) {
            int comma = text.indexOf(',');
            if (comma < 0 || !text.substring(0, comma).endsWith(";base64")) {
                return invalid(text, "a data: URI must have the form data:image/png;base64,<base64>");
            }
            from = comma + 1;
        }
        long symbols = 0;
        int padding = 0;
        boolean whitespace = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                whitespace = true;
            } else if (c == '=') {
                padding++;
                if (padding > 2) {
                    return invalid(text, "it has more than two '=' padding characters at index " + i);
                }
            } else if (alphabet(c)) {
                if (padding > 0) {
                    return invalid(text, "the character '" + c + "' at index " + i + " follows '=' padding, which may only end the text");
                }
                symbols++;
            } else {
                return invalid(text, "the character " + quote(c) + " at index " + i + " is not in the base64 alphabet "
                        + "(A-Z, a-z, 0-9, +, / and = padding)" + (c == '-' || c == '_'
                        ? "; this looks like URL-safe base64: use + and / instead of - and _" : ""));
            }
        }
        long units = symbols + padding;
        if (padding > 0 ? units % 4 != 0 : symbols % 4 == 1) {
            return invalid(text, "it has " + symbols + " base64 characters" + (padding > 0 ? " and " + padding + " '='" : "")
                    + ", which cannot end a base64 text (it looks cut short)");
        }
        return new Base64Text(text, from, null, symbols * 3 / 4, whitespace);
    }

    private static Base64Text invalid(String text, String problem) {
        return new Base64Text(text, 0, problem, 0, false);
    }

    private static boolean alphabet(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }

    private static String quote(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    /** Null when the text is valid base64; otherwise what is wrong with it, for the user. */
    String problem() {
        return problem;
    }

    /** The number of bytes the text decodes to, known without decoding it. */
    long decodedLength() {
        return decodedLength;
    }

    byte[] decode() {
        String body = text.substring(from);
        if (whitespace) {
            body = body.replaceAll("[ \\t\\r\\n]", "");
        }
        return Base64.getDecoder().decode(body);
    }
}
