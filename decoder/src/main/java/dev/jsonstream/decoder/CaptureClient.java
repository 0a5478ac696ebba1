package dev.jsonstream.decoder;

/**
 * A handler that keeps values whole while they arrive (a {@link Selection}'s engine), as the decoder sees it. The
 * decoder gives it a {@link CaptureInput} once, and asks it one question while a region is about to go.
 */
interface CaptureClient {
    /** Called once, by the decoder this client serves. */
    void attach(CaptureInput input, DecodeLimits limits);

    /**
     * Whether the value Jackson is in the middle of (after the last token delivered, of kind ordinal
     * {@code lastKind}, at the path's position) will open a RAW capture, so that its bytes must be kept now.
     */
    boolean wantsPendingRaw(PathStack path, int lastKind);
}
