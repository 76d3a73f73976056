package io.crowdsurf.quiz.service;

/** A request the rules refuse; {@code field} is the dotted path of the first offending field. REST answers 400. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
