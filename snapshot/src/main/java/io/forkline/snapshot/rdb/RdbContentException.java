package io.forkline.snapshot.rdb;

import java.io.IOException;

/**
 * Well-formed RDB content that cannot be loaded into this server: a duplicate key, a database the
 * server does not have, a duplicate member. Thrown by a {@link RdbVisitor} or by
 * {@link KeyspaceLoader#put}; {@link RdbReader} turns it into an {@link RdbFormatException} at the
 * offset of the record that carried it.
 */
public final class RdbContentException extends IOException {

    private static final long serialVersionUID = 1L;

    public RdbContentException(String message) {
        super(message);
    }
}
