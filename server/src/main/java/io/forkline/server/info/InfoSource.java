package io.forkline.server.info;

/** A module's fields for one INFO section, e.g. the snapshot module's for "persistence". */
@FunctionalInterface
public interface InfoSource {

    /** Appends {@code name:value\r\n} lines. */
    void appendTo(StringBuilder out);
}
