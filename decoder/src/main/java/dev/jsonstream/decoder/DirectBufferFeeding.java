package dev.jsonstream.decoder;

/**
 * How bytes that are not in an accessible heap array (direct and read-only buffers) reach the parser. Heap
 * byte arrays and writable heap buffers are always read in place through their backing array, whatever this
 * setting is, except under {@link #BYTE_BUFFER}, where everything goes through a {@code ByteBuffer} parser.
 */
public enum DirectBufferFeeding {
    /**
     * Copy each piece of the buffer, at most {@link DecoderConfig#scratchBytes()} at a time, into one scratch
     * array owned by the decoder, and parse that. One bounded copy per chunk; never a copy of the body.
     */
    COPY_TO_SCRATCH,
    /**
     * Parse the buffer in place with Jackson's {@code ByteBuffer} parser (no copy at all, but one bounds-checked
     * read per byte). Heap arrays are then wrapped and read the same way.
     */
    BYTE_BUFFER
}
