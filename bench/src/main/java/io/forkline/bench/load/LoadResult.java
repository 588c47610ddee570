package io.forkline.bench.load;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * What a load run measured in its window: requests per operation, errors (with the first one's text),
 * requests never answered, the latency histogram (nanoseconds; from the intended start in an open
 * loop) and, in an open loop, the uncorrected service times beside it.
 *
 * @param operations  requests due in the window and answered
 * @param errors      of those, error replies or replies of the wrong type
 * @param firstError  the first error's text (window or warm-up), or null
 * @param unanswered  requests still unanswered when the run gave up waiting
 * @param answeredInWindow replies that arrived inside the window, whenever their requests were due
 * @param seconds     the window's length
 * @param targetRate  the open loop's rate, 0 for a closed loop
 */
public record LoadResult(long operations, Map<Operation, Long> perOperation, long errors, long warmupErrors, String firstError,
                         long unanswered, long answeredInWindow, double seconds, double targetRate, Histogram latency, Histogram uncorrected) {

    /**
     * Replies per second inside the window: what the server delivered. An open loop that the server
     * cannot keep up with shows it here (below the rate), while {@link #operations} still counts every
     * request its schedule made due in the window.
     */
    public double throughput() {
        return answeredInWindow / seconds;
    }
}
