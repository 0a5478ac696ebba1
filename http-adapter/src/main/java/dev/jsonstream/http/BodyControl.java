package dev.jsonstream.http;

/**
 * Lets a consumer steer its body: resume it after a pause, or end it with an answer of its own, from any thread;
 * and see how far the body has come.
 */
public interface BodyControl {

    /**
     * Bytes of the body received so far, as sent (compressed if it was). IO thread only.
     *
     * @return the count in bytes, which {@link BodyLimits#maxBodyBytes()} and the minimum pace are judged on; bytes
     *     read and dropped after an early answer are not counted
     */
    long receivedBytes();

    /**
     * Bytes of the body decoded so far, after any inflation. IO thread only.
     *
     * @return the count in bytes of what was handed to the decoder
     *     ({@link dev.jsonstream.decoder.JsonDecoder#bytesFed()}: a buffer held while paused counts whole); for a
     *     body that is not compressed, the same as {@link #receivedBytes()} until that goes over its limit
     */
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
     *
     * @param problem the answer, sent as it is (status, title, detail and members); not null. Only the first
     *     rejection of a body counts
     */
    void reject(ProblemResponse problem);
}
