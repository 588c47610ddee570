package io.forkline.reports.json;

/** Malformed JSON, or JSON of the wrong shape: the message says where and what was expected. */
public final class JsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
