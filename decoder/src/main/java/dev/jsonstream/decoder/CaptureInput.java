package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonParser;
import java.nio.ByteBuffer;

/** What the decoder offers a {@link CaptureClient}: the input bytes of values, pointers, and limit errors. */
interface CaptureInput {
    /**
     * The client's open captures changed: {@code start} is the first byte of the earliest one of any form (-1: none),
     * {@code frames} the frames of its pointer, {@code rawStart} that of the earliest RAW one (-1: none). Bytes of a
     * RAW capture are kept from its start on, which is always in the current region or already kept.
     */
    void captures(long start, int frames, long rawStart);

    /**
     * The input bytes {@code [from, to)} of a RAW capture ending in the current token, as a view over the array that
     * holds them where there is one: the client reads them in place and hands users only read-only views.
     */
    ByteBuffer rawBytes(long from, long to);

    /**
     * A blocking parser over a value's bytes (from {@link #rawBytes}), with the decoder's limits and name policy, read
     * in place, already on the value's first token. The caller closes it.
     */
    JsonParser bytesParser(ByteBuffer bytes);

    /**
     * The decoder's parser bounded to the value whose first token, a START, is being delivered: the binder's reads
     * decode the rest of the value. One per decoder, lent to one binder at a time.
     */
    InPlaceParser inPlaceParser();

    /** The tokens a binder reading in place pulls, and whether they are delivered meanwhile. */
    TokenSource tokens();

    /**
     * The decoder's parser bounded to the scalar being delivered; it never reads on, so it may be lent while the
     * other is.
     */
    InPlaceParser scalarParser();

    /** The pointer made of the path's first {@code frames} frames (a match's pointer while it is open). */
    String pointerOfFrames(int frames);

    /** The pointer of the value a cursor is on, from frame {@code firstFrame + 1} only (relative to a match). */
    void appendRelativePointer(StringBuilder out, int firstFrame, int frames);

    /** A limit error at an offset of the client's choosing (a capture's first byte). */
    JsonDecodeException limitError(Limit limit, long value, long offset, String pointer);
}
