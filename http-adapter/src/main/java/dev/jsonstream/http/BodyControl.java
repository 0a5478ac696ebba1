package dev.jsonstream.http;

/** Lets a consumer resume a body it paused (from any thread), and see how far the body has come. */
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
}
