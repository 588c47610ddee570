package io.forkline.engine.command;

import io.forkline.pages.Memory;

/**
 * Where a command writes its reply, in RESP2 or RESP3 as the connection negotiated (HELLO). Methods
 * are named for RESP3's types; each says what it becomes in RESP2, as Redis does.
 */
public interface Reply {

    /** 2 or 3. */
    int protocol();

    /** Bytes already in RESP, written as they are: pre-encoded constants such as {@link Errors}. */
    void raw(byte[] encoded);

    /** {@code +OK}. */
    void ok();

    /** A simple string, {@code +status}: it must not contain CR or LF. */
    void simple(String status);

    /** An error, {@code -CODE message}: {@code message} starts with its code (ERR, WRONGTYPE, ...). */
    void error(String message);

    void integer(long value);

    void bulk(byte[] value);

    void bulk(byte[] value, int offset, int length);

    /** A bulk string read straight from the store. */
    void bulk(Memory memory, long address, int length);

    /** An integer sent as a bulk string of its decimal digits (a string value held as an integer). */
    void bulkLong(long value);

    void bulk(String value);

    /** A double: RESP3 {@code ,text}; RESP2 a bulk string. {@code text} is Redis's formatting of it. */
    void doubleText(byte[] text);

    /** RESP3 {@code #t}/{@code #f}; RESP2 {@code :1}/{@code :0}. */
    void bool(boolean value);

    /** The null bulk string: RESP2 {@code $-1}; RESP3 {@code _}. */
    void nullBulk();

    /** The null array: RESP2 {@code *-1}; RESP3 {@code _}. */
    void nullArray();

    void array(long count);

    /** RESP3 {@code %pairs}; RESP2 an array of 2 x pairs. */
    void map(long pairs);

    /** RESP3 {@code ~count}; RESP2 an array. */
    void set(long count);

    /** RESP3 verbatim string {@code =len\r\nfmt:...} ; RESP2 a bulk string. {@code format} is 3 letters. */
    void verbatim(String format, byte[] text);

    /** Marks where an aggregate whose length is not yet known starts; fill it in with a {@code setDeferred*}. */
    int deferLength();

    void setDeferredArray(int mark, long count);

    void setDeferredMap(int mark, long pairs);

    void setDeferredSet(int mark, long count);

    /** Drops everything written since {@code mark} (a {@link #deferLength()}): a reply abandoned halfway. */
    void discardFrom(int mark);
}
