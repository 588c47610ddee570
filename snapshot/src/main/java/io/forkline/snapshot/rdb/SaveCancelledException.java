package io.forkline.snapshot.rdb;

import java.io.IOException;

/** A save stopped because {@link SaveProgress#cancel()} asked it to; what it wrote is incomplete. */
public final class SaveCancelledException extends IOException {

    private static final long serialVersionUID = 1L;

    public SaveCancelledException(long keysWritten) {
        super("RDB save cancelled after " + keysWritten + " keys");
    }
}
