package io.forkline.bench.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * While open, what an embedded server logs (the {@code forkline.*} loggers: failed saves and fsyncs after the power
 * went, a truncated AOF repaired at load) goes to the round's log file instead of the campaign's output.
 */
final class ServerLog implements AutoCloseable {

    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger logger = Logger.getLogger("forkline");
    private final boolean parentHandlers;
    private final OutputStream file;
    private final Handler handler;

    ServerLog(Path log) throws IOException {
        file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        handler = new StreamHandler(file, new SimpleFormatter());
        parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    @Override
    public void close() throws IOException {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
        handler.close();
        file.close();
    }
}
