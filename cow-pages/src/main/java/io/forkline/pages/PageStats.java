package io.forkline.pages;

/**
 * Counters of a {@link PagedMemory}, read on the writer thread. They become Redis's INFO fields:
 * {@code latestForkNanos} is {@code latest_fork_usec}, {@code cowBytes} is {@code current_cow_size},
 * {@code peakCowBytes} is {@code current_cow_peak}, {@code lastCowBytes} is {@code rdb_last_cow_size}.
 *
 * @param pageBytes        the page size
 * @param framesInUse      frames held by the live table or the open view
 * @param framesCreated    frames ever taken from the operating system, in use or pooled
 * @param forks            forks since the memory was created
 * @param latestForkNanos  how long the latest fork paused the writer
 * @param viewOpen         whether a fork's view is open now
 * @param framesCopied     frames copied by the write barrier since the latest fork
 * @param leavesCopied     page-table leaves copied by the write barrier since the latest fork
 * @param cowBytes         bytes of frames that only the open view still holds: what the fork costs now
 * @param peakCowBytes     the most {@code cowBytes} reached since the latest fork
 * @param lastCowBytes     {@code peakCowBytes} of the last view closed
 */
public record PageStats(
        int pageBytes,
        long framesInUse,
        long framesCreated,
        long forks,
        long latestForkNanos,
        boolean viewOpen,
        long framesCopied,
        long leavesCopied,
        long cowBytes,
        long peakCowBytes,
        long lastCowBytes) {

    /** Physical memory in use: frames held, times the page size. */
    public long bytesInUse() {
        return framesInUse * pageBytes;
    }

    /** Bytes copied by the write barrier since the latest fork. */
    public long bytesCopied() {
        return framesCopied * pageBytes;
    }
}
