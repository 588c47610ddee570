package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandError;

import java.nio.charset.StandardCharsets;

/** An end of a list, as LMOVE, LMPOP and their blocking forms name it: LEFT is the head, RIGHT the tail. */
public enum ListEnd {
    LEFT, RIGHT;

    private final byte[] name = name().getBytes(StandardCharsets.US_ASCII);

    /** Whether this is the head (LEFT). */
    public boolean isHead() {
        return this == LEFT;
    }

    /** The name as a command argument, for propagation: {@code LEFT} or {@code RIGHT}. */
    public byte[] argument() {
        return name.clone();
    }

    /** Argument {@code index} as LEFT or RIGHT in any case, else "ERR syntax error". */
    public static ListEnd parse(Arguments args, int index) {
        if (args.is(index, "left")) {
            return LEFT;
        } else if (args.is(index, "right")) {
            return RIGHT;
        }
        throw CommandError.SYNTAX;
    }
}
