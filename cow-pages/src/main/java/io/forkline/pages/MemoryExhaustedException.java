package io.forkline.pages;

/** No frame or address space is left for an allocation; nothing was changed. */
public final class MemoryExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MemoryExhaustedException(String message) {
        super(message);
    }
}
