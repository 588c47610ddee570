package io.forkline.bench.study;

import io.forkline.bench.load.RespClient;
import io.forkline.bench.load.Timeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Asks for snapshots at the scenario's times during the measured window, on its own connection,
 * and marks each request and reply (with the reply's text and how long it took) as events.
 */
public final class SnapshotTrigger {

    /** One snapshot command and its answer. */
    public record Request(double sentMillis, double replyMillis, String reply, boolean error) {
    }

    private final InetSocketAddress address;
    private final String command;
    private final double[] offsets;
    private final Timeline timeline;
    private final EventLog events;
    private final List<Request> requests = new ArrayList<>();
    private final Thread thread;
    private volatile Exception failure;

    public SnapshotTrigger(InetSocketAddress address, String command, double[] offsets, Timeline timeline, EventLog events) {
        this.address = address;
        this.command = command;
        this.offsets = offsets.clone();
        this.timeline = timeline;
        this.events = events;
        this.thread = new Thread(this::run, "forkline-snapshots");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try (RespClient client = new RespClient(address, 300_000)) {
            for (double offset : offsets) {
                long at = timeline.measureFromNanos() + (long) (offset * 1e9);
                long wait = at - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
                requests.add(ask(client, command, timeline, events));
            }
        } catch (IOException | InterruptedException e) {
            failure = e;
        }
    }

    /** Sends one snapshot command and marks it; used for the probe before the window too. */
    static Request ask(RespClient client, String command, Timeline timeline, EventLog events) throws IOException {
        String kind = command.toLowerCase(Locale.ROOT);
        long sent = System.nanoTime();
        events.add(timeline.millisFromMeasureStart(sent), kind + "-sent", command);
        RespClient.Reply reply = client.call(command);
        long answered = System.nanoTime();
        double took = (answered - sent) / 1e6;
        events.add(timeline.millisFromMeasureStart(answered), reply.isError() ? kind + "-error" : kind + "-reply",
                String.format(Locale.ROOT, "%s (%.1f ms)", reply.text(), took));
        return new Request(timeline.millisFromMeasureStart(sent), timeline.millisFromMeasureStart(answered), reply.text(),
                reply.isError());
    }

    /** Waits for the last request's reply. */
    public List<Request> finish() throws InterruptedException {
        thread.join();
        return List.copyOf(requests);
    }

    public Exception failure() {
        return failure;
    }
}
