package io.tether.command.account;

/** The account's fields contradict each other, e.g. a Walmart region for an Amazon account. */
public class InconsistentAccountException extends IllegalArgumentException {

    private final String field;

    public InconsistentAccountException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, as the API names it. */
    public String field() {
        return field;
    }
}
