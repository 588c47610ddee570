package io.forkline.engine;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.CommandTable;
import io.forkline.engine.command.Dispatcher;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.stream.StreamCommands;
import io.forkline.engine.stream.StreamGroupCommands;
import io.forkline.engine.stream.StreamValue;
import io.forkline.engine.types.BitCommands;
import io.forkline.engine.types.GeoCommands;
import io.forkline.engine.types.HashCommands;
import io.forkline.engine.types.HyperLogLogCommands;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.KeyCommands;
import io.forkline.engine.types.ListCommands;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetCommands;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortCommand;
import io.forkline.engine.types.SortedSetCommands;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringCommands;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;

import java.util.SplittableRandom;

/**
 * The store and its commands, with no network: paged memory, the allocator, the keyspace and the
 * command table, driven by one writer thread through {@link #execute}.
 */
public final class Engine implements AutoCloseable {

    private final EngineConfig config;
    private final PagedMemory memory;
    private final Allocator allocator;
    private final Keyspace keyspace;
    private Dispatcher dispatcher;
    private final CommandContext context;

    public Engine(EngineConfig config, PageSize pageSize, Clock clock, long seed) {
        this.config = config;
        this.memory = PagedMemory.create(pageSize);
        this.allocator = new Allocator(memory);
        this.keyspace = new Keyspace(allocator, config.databases);
        keyspace.register(ValueType.STRING, StringValue.HANDLER);
        keyspace.register(ValueType.HASH, HashValue.HANDLER);
        keyspace.register(ValueType.SET, SetValue.HANDLER);
        keyspace.register(ValueType.LIST, ListValue.HANDLER);
        keyspace.register(ValueType.ZSET, SortedSetValue.HANDLER);
        keyspace.register(ValueType.STREAM, StreamValue.HANDLER);
        this.dispatcher = new Dispatcher(CommandTable.of(StringCommands.specs(), BitCommands.specs(), KeyCommands.specs(), HashCommands.specs(),
                SetCommands.specs(), ListCommands.specs(), SortedSetCommands.specs(SetValue.MEMBERS), SortCommand.specs(),
                GeoCommands.specs(this::dispatcher), HyperLogLogCommands.specs(), StreamCommands.specs(),
                StreamGroupCommands.specs()));
        this.context = new CommandContext(keyspace, config, clock, new SplittableRandom(seed));
    }

    /**
     * Adds command families beyond the engine's own (the server's connection, transaction and server
     * commands), before the engine serves anything.
     */
    @SafeVarargs
    public final void extend(java.util.List<io.forkline.engine.command.CommandSpec>... families) {
        java.util.List<io.forkline.engine.command.CommandSpec> all = new java.util.ArrayList<>(dispatcher.table().all());
        for (java.util.List<io.forkline.engine.command.CommandSpec> family : families) {
            all.addAll(family);
        }
        dispatcher = new Dispatcher(CommandTable.of(all));
    }

    /** Runs one command in database {@code db}, writing its reply and its effects. */
    public void execute(int db, Arguments args, Reply reply, Effects effects) {
        context.begin(db, reply, effects);
        dispatcher.execute(context, args);
    }

    /** {@link #execute(int, Arguments, Reply, Effects)} for a command already {@link Dispatcher#resolve}d to {@code resolved}. */
    public void execute(int db, CommandSpec resolved, Arguments args, Reply reply, Effects effects) {
        context.begin(db, reply, effects);
        dispatcher.execute(context, resolved, args);
    }

    public EngineConfig config() {
        return config;
    }

    public PagedMemory memory() {
        return memory;
    }

    public Allocator allocator() {
        return allocator;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public CommandTable commands() {
        return dispatcher.table();
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public CommandContext context() {
        return context;
    }

    @Override
    public void close() {
        memory.close();
    }
}
