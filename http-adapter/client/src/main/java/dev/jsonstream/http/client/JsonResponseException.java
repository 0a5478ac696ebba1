package dev.jsonstream.http.client;

import java.io.IOException;

/**
 * A response that is not a JSON body to decode: a status other than 2xx, a media type that is not JSON, a content
 * coding this client does not undo, or a coded body that does not inflate (corrupt, or a bomb over the ratio limit;
 * the inflater's exception is the cause). It names the status and the media type, and carries the {@code title}
 * and {@code detail} of an {@code application/problem+json} answer, so that an HTML error page never reaches the
 * decoder as a syntax error about its first byte.
 */
public final class JsonResponseException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The response's status code. */
    private final int status;
    /** The response's Content-Type as sent, or null. */
    private final String mediaType;
    /** The {@code title} of a problem answer, or null. */
    private final String title;
    /** The {@code detail} of a problem answer, or null. */
    private final String detail;

    JsonResponseException(String reason, int status, String mediaType, String title, String detail) {
        super(message(reason, status, mediaType, title, detail));
        this.status = status;
        this.mediaType = mediaType;
        this.title = title;
        this.detail = detail;
    }

    private static String message(String reason, int status, String mediaType, String title, String detail) {
        StringBuilder sb = new StringBuilder(reason).append(": HTTP ").append(status).append(", ")
                .append(mediaType == null ? "no Content-Type" : mediaType);
        if (title != null) {
            sb.append(", \"").append(title).append('"');
        }
        if (detail != null) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    /**
     * The response's status code.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The response's Content-Type, as sent.
     *
     * @return the media type, or null when the response had none
     */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The {@code title} of an {@code application/problem+json} answer.
     *
     * @return the title, or null
     */
    public String title() {
        return title;
    }

    /**
     * The {@code detail} of an {@code application/problem+json} answer.
     *
     * @return the detail, or null
     */
    public String detail() {
        return detail;
    }
}
