package dev.jsonstream.samples.cli;

import java.util.Arrays;

/** JSON bytes in an array that grows as needed: a jq-stream path, as deep and with names as long as the input's. */
class GrowingBytes extends JsonBytes {
    GrowingBytes(int initialBytes) {
        super(initialBytes);
    }

    @Override
    void makeRoom(int n) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
}
