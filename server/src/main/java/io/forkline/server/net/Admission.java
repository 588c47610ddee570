package io.forkline.server.net;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a new connection may stay: the maxclients limit and protected mode, with Redis's replies.
 * Checked on the IO thread when a connection opens; the settings are published by the writer.
 */
public final class Admission {

    static final String MAX_CLIENTS = "-ERR max number of clients reached\r\n";
    static final String PROTECTED = "-DENIED Redis is running in protected mode because protected mode is enabled and no "
            + "password is set for the default user. In this mode connections are only accepted from the loopback interface. "
            + "If you want to connect from external computers to Redis you may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface "
            + "by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly "
            + "accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you "
            + "can just disable the protected mode by editing the Redis configuration file, and setting the protected mode "
            + "option to 'no', and then restarting the server. 3) If you started the server manually just for testing, "
            + "restart it with the '--protected-mode no' option. 4) Set up an authentication password for the default user. "
            + "NOTE: You only need to do one of the above things in order for the server to start accepting connections "
            + "from the outside.\r\n";

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile int maxClients = 10_000;
    private volatile boolean protectedMode = true;
    private volatile boolean passwordSet;

    public int maxClients() {
        return maxClients;
    }

    public void maxClients(int maxClients) {
        this.maxClients = maxClients;
    }

    public void protectedMode(boolean on) {
        this.protectedMode = on;
    }

    public void passwordSet(boolean set) {
        this.passwordSet = set;
    }

    /** Admits a new connection: null when it may stay, else the error to send before closing it. */
    public String admit(boolean loopback) {
        if (protectedMode && !passwordSet && !loopback) {
            rejected.incrementAndGet();
            return PROTECTED;
        }
        if (connected.incrementAndGet() > maxClients) {
            connected.decrementAndGet();
            rejected.incrementAndGet();
            return MAX_CLIENTS;
        }
        return null;
    }

    /** An admitted connection closed. */
    public void left() {
        connected.decrementAndGet();
    }

    public int connected() {
        return connected.get();
    }

    /** INFO stats rejected_connections. */
    public int rejected() {
        return rejected.get();
    }
}
