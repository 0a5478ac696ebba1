package dev.jsonstream.http;

import java.util.Objects;

/**
 * Thrown by a {@link MatchWorkers} reader or work to end the body with this answer, for example a 422 for an
 * element that breaks a rule of the service:
 * <pre>{@code
 * throw new ProblemException(ProblemResponse.of(422, "Unprocessable Content", "an item needs a positive qty")
 *         .with("pointer", "/items/" + index + "/qty"));
 * }</pre>
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The answer; a problem is immutable, so the exception may be kept and thrown again. */
    private final transient ProblemResponse problem;

    /**
     * An exception that answers with {@code problem}.
     *
     * @param problem the answer the client gets
     */
    public ProblemException(ProblemResponse problem) {
        super(Objects.requireNonNull(problem, "problem").status() + " " + problem.title()
                + (problem.detail() == null ? "" : ": " + problem.detail()), null, false, false);
        this.problem = problem;
    }

    /**
     * The answer this exception stands for.
     *
     * @return the problem given to the constructor
     */
    public ProblemResponse problem() {
        return problem;
    }
}
