package dev.jsonstream.decoder;

/**
 * Turns a Jackson error message into one sentence fit for a person and a log: without Jackson's location
 * suffixes (the decoder gives its own, exact ones), with control and non-ASCII characters escaped, and short.
 */
final class JacksonMessages {
    static final int MAX_LENGTH = 200;

    private JacksonMessages() {
    }

    static String clean(String message) {
        if (message == null || message.isEmpty()) {
            return "malformed JSON";
        }
        String m = message;
        int cut = m.indexOf(" (start marker at");
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        cut = m.indexOf('\n');
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        // Jackson words one number error two ways depending on whether the sign and the next byte arrived in the
        // same buffer; one wording keeps errors the same whatever the split.
        m = m.replace(" to follow plus sign, for valid", " for valid").replace(" to follow minus sign, for valid",
                " for valid");
        StringBuilder sb = new StringBuilder(Math.min(m.length(), MAX_LENGTH) + 8);
        for (int i = 0; i < m.length() && sb.length() < MAX_LENGTH; i++) {
            char c = m.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX_LENGTH) {
            sb.setLength(MAX_LENGTH);
            sb.append("...");
        }
        return sb.toString();
    }
}
