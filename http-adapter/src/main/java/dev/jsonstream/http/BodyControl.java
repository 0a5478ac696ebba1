package dev.jsonstream.http;

/** Lets a consumer resume a body it paused; safe to call from any thread. */
public interface BodyControl {

    /**
     * Goes on after a {@code token.pause()}: decoding resumes on the exchange's IO thread, with the buffer that was
     * held, then reading from the client resumes. Does nothing if the body is not paused.
     */
    void resume();
}
