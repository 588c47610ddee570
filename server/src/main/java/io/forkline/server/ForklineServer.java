package io.forkline.server;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.pipeline.Pipeline;
import io.forkline.engine.pipeline.WriterLoop;
import io.forkline.server.blocking.BlockedClients;
import io.forkline.server.blocking.BlockingCommands;
import io.forkline.server.commands.AclCommands;
import io.forkline.server.commands.ConfigCommands;
import io.forkline.server.commands.ConnectionCommands;
import io.forkline.server.commands.MonitorCommands;
import io.forkline.server.commands.PubSubCommands;
import io.forkline.server.commands.ServerCommands;
import io.forkline.server.commands.SlowlogCommands;
import io.forkline.server.commands.TransactionCommands;
import io.forkline.server.config.ConfigApplyException;
import io.forkline.server.config.ConfigTable;
import io.forkline.server.config.RuntimeConfig;
import io.forkline.server.exec.ServerProcessor;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.exec.ShutdownRequest;
import io.forkline.server.info.Info;
import io.forkline.server.net.Admission;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.ConnectionHandler;
import io.forkline.server.net.LoopOutput;
import io.forkline.server.net.WriterWake;
import io.forkline.server.persistence.DatasetLoadException;
import io.forkline.server.persistence.Persistence;
import io.forkline.server.scripting.Scripting;
import io.forkline.server.pubsub.MonitorFeed;
import io.forkline.server.pubsub.PubSub;
import io.forkline.server.pubsub.SlowLog;
import io.forkline.server.resp.Limits;
import io.forkline.server.tracking.Tracking;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running forkline server: the engine, the pipeline (its writer on the IO thread when there is one, on its own
 * thread otherwise; the journal thread), Netty's IO threads and the cron ticker, wired together. {@link #start}
 * binds and returns once clients may connect; {@link #close} (or SHUTDOWN, or SIGTERM through the command line)
 * stops it.
 */
public final class ForklineServer implements AutoCloseable {

    /**
     * The smallest buffer a socket read uses. Netty's default (64) lets the buffer shrink to the size of a client's
     * usual request; each such request then fills the buffer exactly, and Netty, taking a full buffer for more
     * data waiting, reads again for nothing. With 50 clients sending one 100-byte SET at a time that was about one read
     * in nine returning EAGAIN; Redis reads into 16 KiB.
     */
    static final int READ_MIN_BYTES = 1024;
    static final int READ_INITIAL_BYTES = 2048;
    static final int READ_MAX_BYTES = 65536;

    private final ServerSettings settings;
    private final Engine engine;
    private final ServerRuntime runtime;
    private final Pipeline<ClientSession> pipeline;
    private final Persistence persistence;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final List<Channel> listeners = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup("forkline-clients", GlobalEventExecutor.INSTANCE);
    private final ScheduledExecutorService ticker;
    private final RuntimeConfig config;
    private final Scripting scripting;
    private final AtomicLong ids = new AtomicLong();
    /** The parsers' limits: CONFIG SET replaces them, each connection takes them between two commands. */
    private volatile Limits limits;
    private java.util.concurrent.ScheduledFuture<?> ticks;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private int boundPort;

    private ForklineServer(ServerSettings settings, Clock clock) {
        this.settings = settings;
        this.engine = new Engine(settings.engine(), settings.pageSize(), clock, System.nanoTime());
        Admission admission = new Admission();
        admission.maxClients(settings.maxClients());
        admission.protectedMode(settings.protectedMode());
        this.runtime = new ServerRuntime(engine, clock, admission);
        runtime.requirePass(settings.requirePass());
        runtime.configFile(settings.configFile());
        runtime.normalOutputLimit().limit(ServerSettings.outputLimit(settings.config().clientOutputBufferLimits().normal()));
        this.limits = new Limits(settings.protoMaxBulkLen(), settings.queryBufferLimit());
        Info info = new Info(runtime);
        this.persistence = Persistence.attach(runtime, info, settings.config(), settings.storage(), this::publishTimer);
        PubSub pubsub = PubSub.attach(runtime, settings.pubsubOutputLimit());
        MonitorFeed monitors = MonitorFeed.attach(runtime);
        SlowLog slowLog = SlowLog.attach(runtime, settings.slowlogLogSlowerThan(), settings.slowlogMaxLen());
        BlockedClients blocked = BlockedClients.attach(runtime, this::republish, settings.queryBufferLimit());
        this.scripting = new Scripting(runtime, blocked, this::publishTimer, settings.config().get(ConfigTable.BUSY_REPLY_THRESHOLD));
        info.register("memory", scripting::appendMemoryInfo);
        Tracking tracking = Tracking.attach(runtime, settings.config().get(ConfigTable.TRACKING_TABLE_MAX_KEYS));
        info.register("stats", tracking::appendStats);
        runtime.scheduler(this::scheduleOnWriter);
        this.config = new RuntimeConfig(settings.config(), settings.configFile().isEmpty() ? null : Path.of(settings.configFile()));
        runtime.idleTimeoutSeconds(settings.config().timeout());
        listenForChanges(pubsub, slowLog);
        config.addListener((before, after) -> tracking.maxKeys(after.get(ConfigTable.TRACKING_TABLE_MAX_KEYS)),
                ConfigTable.TRACKING_TABLE_MAX_KEYS);
        config.addListener((before, after) -> scripting.busyReplyThreshold(after.get(ConfigTable.BUSY_REPLY_THRESHOLD)),
                ConfigTable.BUSY_REPLY_THRESHOLD);
        engine.extend(new ConnectionCommands(runtime, tracking).specs(), new AclCommands(runtime, pubsub.registry()).specs(), new TransactionCommands(runtime).specs(),
                new ServerCommands(runtime, info, persistence.debugSubcommands()).specs(), new PubSubCommands(pubsub).specs(),
                new MonitorCommands(runtime, monitors).specs(), new SlowlogCommands(slowLog).specs(),
                new ConfigCommands(config, this::resetStatistics).specs(), new BlockingCommands(blocked).specs(),
                scripting.specs(), persistence.commands());
        engine.context().notifications(settings.config().get(ConfigTable.NOTIFY_KEYSPACE_EVENTS));
        ServerProcessor processor = new ServerProcessor(engine, runtime);
        loadDataset();
        engine.memory().handOver();   // the writer thread owns the store from here on
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, io);
        this.workers = new MultiThreadIoEventLoopGroup(settings.ioThreads(), io);
        // With one IO thread, it is the writer too (Pipeline, "Which thread is the writer"); with more, the writer
        // has a thread of its own, as no IO thread sees every connection.
        this.pipeline = settings.ioThreads() == 1
                ? new Pipeline<>(settings.ringSize(), processor, persistence.journal(), writerLoop(workers.next()))
                : new Pipeline<>(settings.ringSize(), processor, persistence.journal());
        info.register("server", out -> out.append("forkline_ring_size:").append(pipeline.size()).append("\r\n"));
        runtime.shutdownAction(() -> new Thread(this::close, "forkline-shutdown").start());
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "forkline-ticker");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static WriterLoop writerLoop(EventLoop loop) {
        return new WriterLoop() {
            @Override
            public void execute(Runnable task) {
                loop.execute(task);
            }

            @Override
            public boolean inLoop() {
                return loop.inEventLoop();
            }
        };
    }

    /**
     * The data set on disk, loaded before anything else runs; a file that cannot be trusted stops the
     * start with nothing served.
     */
    private void loadDataset() {
        try {
            persistence.loadAtStartup();
        } catch (DatasetLoadException e) {
            persistence.stop();
            engine.close();
            throw e;
        }
    }

    /**
     * Starts a server, loads its data set and binds its addresses.
     *
     * @throws DatasetLoadException when the data set on disk cannot be trusted (the server does not start)
     */
    public static ForklineServer start(ServerSettings settings) throws InterruptedException {
        return start(settings, Clock.system());
    }

    /** {@link #start(ServerSettings)} on another clock (tests move it by hand: expiry, save points). */
    public static ForklineServer start(ServerSettings settings, Clock clock) throws InterruptedException {
        ForklineServer server = new ForklineServer(settings, clock);
        server.bind(settings.bind(), settings.port());
        server.scheduleTicks(settings.config().hz());
        return server;
    }

    /** The cron: {@code hz} ticks a second reach the writer as events on the ring. */
    private synchronized void scheduleTicks(int hz) {
        if (ticks != null) {
            ticks.cancel(false);
        }
        long period = Math.max(1, 1000 / Math.max(1, hz));
        ticks = ticker.scheduleAtFixedRate(pipeline::publishTick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A blocked client's held commands, published again from its IO thread once it is free (never from the
     * writer, which would wait on itself when the ring is full).
     */
    private void republish(ClientSession client, List<Arguments> commands) {
        client.runOnIoThread(() -> {
            try {
                for (Arguments command : commands) {
                    pipeline.publishCommand(client, command);
                }
            } catch (IllegalStateException stopping) {
                // the server is stopping: the writer has already forgotten every client
            }
        });
    }

    /** A timer for the writer: the task reaches it as an event on the ring after {@code delayMillis}. */
    private void scheduleOnWriter(Runnable task, long delayMillis) {
        try {
            ticker.schedule(() -> publishTimer(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the server is closing: no timer is needed any more
        }
    }

    private void publishTimer(Runnable task) {
        try {
            pipeline.publishTask(task);
        } catch (IllegalStateException stopping) {
            // the pipeline closed after the timer was set: nothing is waiting for it any more
        }
    }

    /** What CONFIG SET changes while the server runs: each listener applies one group of directives. */
    private void listenForChanges(PubSub pubsub, SlowLog slowLog) {
        config.addListener((before, after) -> ServerSettings.applyTo(after, engine.config()),
                ConfigTable.HASH_MAX_LISTPACK_ENTRIES, ConfigTable.HASH_MAX_LISTPACK_VALUE, ConfigTable.SET_MAX_INTSET_ENTRIES,
                ConfigTable.SET_MAX_LISTPACK_ENTRIES, ConfigTable.SET_MAX_LISTPACK_VALUE, ConfigTable.ZSET_MAX_LISTPACK_ENTRIES,
                ConfigTable.ZSET_MAX_LISTPACK_VALUE, ConfigTable.HLL_SPARSE_MAX_BYTES, ConfigTable.STREAM_NODE_MAX_BYTES,
                ConfigTable.STREAM_NODE_MAX_ENTRIES, ConfigTable.LIST_MAX_LISTPACK_SIZE, ConfigTable.LIST_COMPRESS_DEPTH,
                ConfigTable.PROTO_MAX_BULK_LEN, ConfigTable.ACTIVEREHASHING, ConfigTable.HZ);
        config.addListener((before, after) -> scheduleTicks(after.hz()), ConfigTable.HZ);
        config.addListener((before, after) -> engine.context().notifications(after.get(ConfigTable.NOTIFY_KEYSPACE_EVENTS)),
                ConfigTable.NOTIFY_KEYSPACE_EVENTS);
        config.addListener((before, after) -> persistence.configure(after), ConfigTable.SAVE, ConfigTable.DIR, ConfigTable.DBFILENAME,
                ConfigTable.RDBCOMPRESSION, ConfigTable.RDBCHECKSUM, ConfigTable.STOP_WRITES_ON_BGSAVE_ERROR,
                ConfigTable.SNAPSHOT_STRATEGY, ConfigTable.APPENDONLY);
        config.addListener((before, after) -> persistence.aof().configure(before, after), ConfigTable.APPENDONLY,
                ConfigTable.APPENDFSYNC, ConfigTable.NO_APPENDFSYNC_ON_REWRITE, ConfigTable.AUTO_AOF_REWRITE_PERCENTAGE,
                ConfigTable.AUTO_AOF_REWRITE_MIN_SIZE, ConfigTable.AOF_USE_RDB_PREAMBLE, ConfigTable.AOF_LOAD_TRUNCATED,
                ConfigTable.AOF_TIMESTAMP_ENABLED, ConfigTable.AOF_REWRITE_INCREMENTAL_FSYNC, ConfigTable.SNAPSHOT_STRATEGY,
                ConfigTable.RDBCOMPRESSION, ConfigTable.RDBCHECKSUM);
        config.addListener((before, after) -> {
            runtime.admission().maxClients((int) Math.min(Integer.MAX_VALUE, after.maxclients()));
            runtime.admission().protectedMode(after.protectedMode());
            runtime.requirePass(after.requirepass().orElse(""));
            runtime.idleTimeoutSeconds(after.timeout());
        }, ConfigTable.MAXCLIENTS, ConfigTable.PROTECTED_MODE, ConfigTable.REQUIREPASS, ConfigTable.TIMEOUT);
        config.addListener((before, after) -> {
            slowLog.logSlowerThan(after.slowlogLogSlowerThan());
            slowLog.maxLength(after.slowlogMaxLen());
        }, ConfigTable.SLOWLOG_LOG_SLOWER_THAN, ConfigTable.SLOWLOG_MAX_LEN);
        config.addListener((before, after) -> {
            pubsub.outputLimit(ServerSettings.outputLimit(after.clientOutputBufferLimits().pubsub()));
            runtime.normalOutputLimit().limit(ServerSettings.outputLimit(after.clientOutputBufferLimits().normal()));
        }, ConfigTable.CLIENT_OUTPUT_BUFFER_LIMIT);
        config.addListener((before, after) -> limits = new Limits(after.protoMaxBulkLen(), after.clientQueryBufferLimit()),
                ConfigTable.PROTO_MAX_BULK_LEN, ConfigTable.CLIENT_QUERY_BUFFER_LIMIT);
        config.addListener((before, after) -> {
            try {
                rebind(after.bind(), after.port());
            } catch (RuntimeException | InterruptedException e) {
                throw new ConfigApplyException("Unable to listen on this port", e);
            }
        }, ConfigTable.PORT, ConfigTable.BIND);
    }

    /** CONFIG RESETSTAT: INFO's counters start again. */
    private void resetStatistics() {
        runtime.stats().reset();
        persistence.resetStatistics();
        runtime.limitDisconnections().reset();
        engine.keyspace().stats().reset();
    }

    /** Binds the new addresses first, then closes the old ones: a failed bind changes nothing. */
    private void rebind(List<String> addresses, int port) throws InterruptedException {
        List<Channel> old = new ArrayList<>(listeners);
        listeners.clear();
        try {
            bind(addresses, port);
        } catch (RuntimeException | InterruptedException e) {
            listeners.forEach(Channel::close);
            listeners.clear();
            listeners.addAll(old);
            throw e;
        }
        old.forEach(channel -> channel.close().syncUninterruptibly());
    }

    private void bind(List<String> addresses, int requestedPort) throws InterruptedException {
        Class<? extends ServerChannel> channelType = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(
                        READ_MIN_BYTES, READ_INITIAL_BYTES, READ_MAX_BYTES));
        WriterWake.PerLoop wakes = new WriterWake.PerLoop(pipeline);
        LoopOutput.PerLoop outputs = new LoopOutput.PerLoop();
        pipeline.afterReplies(outputs);
        bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new ConnectionHandler(pipeline, runtime.admission(), ids, () -> limits,
                                runtime.limitDisconnections(), wakes, outputs));
                    }
                });
        int port = requestedPort;
        for (String address : addresses) {
            Channel channel = bootstrap.bind(new InetSocketAddress(address, port)).sync().channel();
            listeners.add(channel);
            port = ((InetSocketAddress) channel.localAddress()).getPort();   // port 0: every address gets the first's
        }
        boundPort = port;
        runtime.port(port);
    }

    /** The TCP port the server listens on. */
    public int port() {
        return boundPort;
    }

    public Engine engine() {
        return engine;
    }

    public RuntimeConfig config() {
        return config;
    }

    public ServerRuntime runtime() {
        return runtime;
    }

    /**
     * SIGTERM: the final save SHUTDOWN without flags makes (when save points exist), run on the writer,
     * then {@link #close}. Returns the save's error, or null. Unlike Redis, which keeps running when that
     * save fails, the server stops anyway: a JVM shutdown hook cannot keep the process alive.
     */
    public String shutdownOnSignal() {
        CompletableFuture<String> prepared = new CompletableFuture<>();
        try {
            pipeline.publishTask(() -> prepared.complete(runtime.prepareShutdown(ShutdownRequest.PLAIN)));
        } catch (IllegalStateException closed) {
            prepared.complete(null);   // already stopping: SHUTDOWN got there first
        }
        CompletableFuture.anyOf(prepared, terminated).join();
        close();
        return prepared.getNow(null);
    }

    /** Completes when the server has stopped. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * Stops at once, as a crash would, for crash tests: connections close first (no reply leaves after that), then the
     * pipeline halts without finishing what it holds; nothing is flushed, synced or saved. The store is released only
     * if every stage thread ended (one blocked in a dead disk's IO may not). Idempotent, and a no-op after close.
     */
    public synchronized void crash() {
        if (terminated.isDone()) {
            return;
        }
        for (Channel listener : listeners) {
            listener.close();
        }
        connections.close().awaitUninterruptibly();
        ticker.shutdownNow();
        boolean stopped = pipeline.halt(Duration.ofSeconds(10));
        persistence.halt();   // a running save or rewrite stops, so does the fsync thread: nothing written, synced or saved
        workers.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        if (stopped) {
            engine.memory().handOver();
            engine.close();
        }
        terminated.complete(null);
    }

    /** Stops listening, drains the pipeline, closes every connection and releases the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (terminated.isDone()) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
        }
        connections.close().syncUninterruptibly();   // no client publishes into a pipeline that is stopping
        scripting.close();   // a running script is stopped, and no more of its calls wait on the pipeline
        pipeline.close();
        persistence.stop();   // a running snapshot stops reading the view before the store is released
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        engine.memory().handOver();
        engine.close();
        terminated.complete(null);
    }
}
