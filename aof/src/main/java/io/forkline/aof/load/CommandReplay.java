package io.forkline.aof.load;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.resp.RespReply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies the commands of one AOF file to an engine, as Redis's AOF client does: in database 0 at the
 * start of each file, {@code SELECT} switching database, and a {@code MULTI} ... {@code EXEC} block
 * applied whole when its EXEC is read (held until then, so a block the file ends inside never reaches
 * the engine). Replies are checked: a command the engine does not know or that answers an error stops
 * the replay, because the keyspace would no longer be what the log describes. Writer thread only.
 */
final class CommandReplay {

    /** A command that could not be replayed, at the offset of its record. */
    static final class Failure extends Exception {

        private static final long serialVersionUID = 1L;

        final long offset;
        final boolean format;

        Failure(long offset, boolean format, String message) {
            super(message);
            this.offset = offset;
            this.format = format;
        }
    }

    private final Engine engine;
    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();
    private final List<Arguments> block = new ArrayList<>();
    private long[] blockOffsets = new long[8];
    private int blockSize;
    private long multiOffset = -1;
    private int db;
    private long records;

    CommandReplay(Engine engine) {
        this.engine = engine;
        effects.recording(false);   // a replay propagates nothing: it rebuilds what the log already holds
    }

    /** A new file: its client starts in database 0 with no transaction open. */
    void startFile() {
        db = 0;
        multiOffset = -1;
        blockSize = 0;
    }

    /** Whether a MULTI is open: the file so far ends inside a transaction. */
    boolean inTransaction() {
        return multiOffset >= 0;
    }

    /** The offset of the open MULTI, or -1. */
    long multiOffset() {
        return multiOffset;
    }

    /** Records accepted so far, MULTI, EXEC and SELECT included. */
    long records() {
        return records;
    }

    /** Replays (or, inside MULTI, holds) the command read from the record at {@code offset}. */
    void accept(Arguments args, long offset) throws Failure {
        records++;
        if (args.is(0, "multi")) {
            if (inTransaction()) {
                throw new Failure(offset, true, "a command or EXEC inside the MULTI at offset " + multiOffset + ", got a nested MULTI");
            }
            multiOffset = offset;
            return;
        }
        if (args.is(0, "exec")) {
            if (!inTransaction()) {
                throw new Failure(offset, true, "MULTI before EXEC, got an EXEC without MULTI");
            }
            for (int i = 0; i < blockSize; i++) {
                execute(block.get(i), blockOffsets[i]);
            }
            blockSize = 0;
            multiOffset = -1;
            return;
        }
        if (inTransaction()) {
            hold(args, offset);
        } else {
            execute(args, offset);
        }
    }

    private void hold(Arguments args, long offset) {
        if (blockSize == block.size()) {
            block.add(new Arguments());
        }
        if (blockSize == blockOffsets.length) {
            blockOffsets = Arrays.copyOf(blockOffsets, blockSize * 2);
        }
        Arguments copy = block.get(blockSize);
        copy.clear();
        for (int i = 0; i < args.count(); i++) {
            copy.add(args.buffer(), args.offset(i), args.length(i));
        }
        blockOffsets[blockSize++] = offset;
    }

    private void execute(Arguments args, long offset) throws Failure {
        if (args.is(0, "select")) {
            select(args, offset);
            return;
        }
        CommandSpec spec = engine.dispatcher().resolve(args);
        if (spec == null) {
            throw new Failure(offset, false, "a command this server knows, got unknown command '" + printable(args, 0) + "'");
        }
        reply.clear();
        effects.clear();
        engine.context().obeying(true);
        try {
            engine.execute(db, spec, args, reply, effects);
        } catch (RuntimeException e) {
            throw new Failure(offset, false, "'" + printable(args, 0) + "' to replay, but it failed: " + e);
        } finally {
            engine.context().obeying(false);
        }
        if (reply.length() > 0 && reply.buffer()[0] == '-') {
            throw new Failure(offset, false, "'" + printable(args, 0) + "' to succeed as it did when it was logged, but it answered "
                    + errorLine());
        }
    }

    private void select(Arguments args, long offset) throws Failure {
        int target = -1;
        if (args.count() == 2) {
            try {
                target = Integer.parseInt(args.string(1));
            } catch (NumberFormatException notANumber) {
                target = -1;
            }
        }
        if (target < 0 || target >= engine.keyspace().databases()) {
            throw new Failure(offset, false, "SELECT of a database 0.." + (engine.keyspace().databases() - 1) + ", got "
                    + (args.count() == 2 ? "'" + printable(args, 1) + "'" : args.count() - 1 + " arguments"));
        }
        db = target;
    }

    private String errorLine() {
        byte[] bytes = reply.buffer();
        int end = 1;
        while (end < reply.length() && bytes[end] != '\r') {
            end++;
        }
        return "'" + new String(bytes, 1, end - 1, StandardCharsets.UTF_8) + "'";
    }

    /** An argument for a message: at most 64 characters, control bytes escaped. */
    private static String printable(Arguments args, int index) {
        StringBuilder out = new StringBuilder();
        byte[] buffer = args.buffer();
        int start = args.offset(index);
        int length = Math.min(args.length(index), 64);
        for (int i = start; i < start + length; i++) {
            int c = buffer[i] & 0xff;
            out.append(c >= 0x20 && c < 0x7f && c != '\'' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return args.length(index) > 64 ? out.append("...").toString() : out.toString();
    }
}
