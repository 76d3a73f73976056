package io.crowdsurf.alert.service;

import io.crowdsurf.runtime.rest.Problem;
import io.crowdsurf.runtime.rest.ProblemException;

/** The problems the alert service raises, in the project's one error body. */
final class AlertProblems {

    private AlertProblems() {
    }

    static ProblemException notFound(String id) {
        return new ProblemException(Problem.of(404, "Not Found", "no alert " + id));
    }

    static ProblemException invalid(String field, String detail) {
        return new ProblemException(Problem.invalid(field, detail));
    }

    static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }

    static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }
}
