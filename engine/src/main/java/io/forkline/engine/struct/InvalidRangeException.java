package io.forkline.engine.struct;

/**
 * A ZRANGEBYSCORE-style or ZRANGEBYLEX-style bound that does not parse; the message is Redis's error text, without the
 * "ERR " prefix.
 */
public final class InvalidRangeException extends RuntimeException {

    /** Redis's text for a score bound that is not a number (zslParseRange failing). */
    public static final String NOT_A_FLOAT = "min or max is not a float";
    /** Redis's text for a lex bound that is not "-", "+", "[..." or "(..." (zslParseLexRange failing). */
    public static final String NOT_A_STRING_RANGE_ITEM = "min or max not valid string range item";

    private static final long serialVersionUID = 1L;

    public InvalidRangeException(String message) {
        super(message);
    }
}
