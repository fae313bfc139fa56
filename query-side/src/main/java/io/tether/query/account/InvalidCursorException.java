package io.tether.query.account;

public class InvalidCursorException extends IllegalArgumentException {

    public InvalidCursorException() {
        super("The cursor is not one this service handed out; pass next_cursor of the previous page unchanged");
    }
}
