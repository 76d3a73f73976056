package io.crowdsurf.metrics.domain;

/** Input that breaks a rule of the domain; {@code field} is the dotted path of the offending value. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
