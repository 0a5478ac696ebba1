package dev.jsonstream.http;

/**
 * Lets a consumer steer its body: resume it after a pause, or end it with an answer of its own, from any thread;
 * and see how far the body has come.
 */
public interface BodyControl {

    /** Bytes of the body received so far, as sent (compressed if it was). IO thread only. */
    long receivedBytes();

    /** Bytes of the body decoded so far, after any inflation. IO thread only. */
    long decodedBytes();

    /**
     * Goes on after a {@code token.pause()}: decoding resumes on the exchange's IO thread, with the buffer that was
     * held, then reading from the client resumes. Does nothing if the body is not paused.
     */
    void resume();

    /**
     * Ends the body with this answer (a 422 for an element that does not bind, say), from any thread. The adapter
     * then does as for its own errors: it stops decoding and reading, gives its buffers back, tells
     * {@link BodyConsumer#onFailure} and the error hook, answers, and reads and drops the rest of the body within
     * {@link BodyLimits}' linger bounds so that the client hears the answer. Called from a token handler, no token
     * after the current buffer's is delivered; pause the token too ({@code token.pause()}) to stop at once. After
     * {@link BodyConsumer#onComplete} (the body was read whole) it just answers, if nothing was answered yet. Does
     * nothing once the body was answered or the client left.
     */
    void reject(ProblemResponse problem);
}
