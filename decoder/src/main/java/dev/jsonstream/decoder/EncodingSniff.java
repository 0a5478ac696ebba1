package dev.jsonstream.decoder;

/**
 * The input's first bytes (up to four), held until they decide its encoding: UTF-8, with or without a BOM, is
 * taken; UTF-16 and UTF-32 are refused, recognised by their BOMs or by the zero bytes ASCII characters have in them.
 */
final class EncodingSniff {
    /** The first bytes of the input; {@code length} of them are held. Owned: it becomes the first region. */
    final byte[] head = new byte[4];
    int length;
    private boolean done;
    /** 3 when the input begins with a UTF-8 BOM, else 0; set once {@link #decide()} has run. */
    int bomLength;

    boolean done() {
        return done;
    }

    int room() {
        return head.length - length;
    }

    void add(byte b) {
        head[length++] = b;
    }

    /**
     * True when the bytes held decide the encoding: two bytes do, unless they may begin a UTF-16 or UTF-32 BOM or
     * character (then four are needed to name which) or a UTF-8 BOM (three).
     */
    boolean decisive() {
        return length >= bytesToDecide();
    }

    /** How many first bytes decide the encoding, given those already held (at least two, at most four). */
    private int bytesToDecide() {
        if (length < 2) {
            return 2;
        }
        int b0 = head[0] & 0xFF;
        int b1 = head[1] & 0xFF;
        if (b0 == 0xFF || b1 == 0 || (b0 == 0 && b1 == 0)) {
            return 4; // FF FE is UTF-16LE or UTF-32LE, xx 00 likewise, 00 00 is UTF-32BE with or without a BOM
        }
        return b0 == 0xEF && b1 == 0xBB ? 3 : 2;
    }

    /** Decides on the bytes held (fewer than needed only at the end of the input or of its byte limit). */
    void decide() {
        done = true;
        int n = length;
        int b0 = n > 0 ? head[0] & 0xFF : -1;
        int b1 = n > 1 ? head[1] & 0xFF : -1;
        int b2 = n > 2 ? head[2] & 0xFF : -1;
        int b3 = n > 3 ? head[3] & 0xFF : -1;
        String seen = null;
        boolean bom = false;
        if (b0 == 0xFE && b1 == 0xFF) {
            seen = "UTF-16BE";
            bom = true;
        } else if (b0 == 0xFF && b1 == 0xFE) {
            seen = b2 == 0 && b3 == 0 ? "UTF-32LE" : "UTF-16LE";
            bom = true;
        } else if (b0 == 0 && b1 == 0) {
            bom = b2 == 0xFE && b3 == 0xFF;
            seen = "UTF-32BE";
        } else if (b0 == 0 && b1 > 0) {
            seen = "UTF-16BE";
        } else if (b0 > 0 && b1 == 0) {
            seen = b2 == 0 && b3 == 0 ? "UTF-32LE" : "UTF-16LE";
        }
        if (seen != null) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0, quoted = Math.min(n, bytesToDecide()); i < quoted; i++) {
                hex.append(String.format(" %02X", head[i] & 0xFF));
            }
            // At offset 0: line 1, column 1, the root's pointer.
            throw new JsonDecodeException(ErrorKind.ENCODING, "expected UTF-8, found " + (bom ? "the " + seen
                    + " byte order mark" : "bytes that look like " + seen) + " (the input begins" + hex + ")", null,
                    -1, 0, 1, 1, "", null);
        }
        bomLength = b0 == 0xEF && b1 == 0xBB && b2 == 0xBF ? 3 : 0;
    }
}
