package io.forkline.server.persistence;

import io.forkline.server.info.InfoSource;

/**
 * INFO persistence's AOF fields while the server has no append-only file: Redis 7.0.15's names and
 * order, with the values Redis shows when appendonly is no. The AOF's own source replaces this one.
 */
public final class AofOffInfo implements InfoSource {

    @Override
    public void appendTo(StringBuilder out) {
        out.append("aof_enabled:0\r\n")
                .append("aof_rewrite_in_progress:0\r\n")
                .append("aof_rewrite_scheduled:0\r\n")
                .append("aof_last_rewrite_time_sec:-1\r\n")
                .append("aof_current_rewrite_time_sec:-1\r\n")
                .append("aof_last_bgrewrite_status:ok\r\n")
                .append("aof_rewrites:0\r\n")
                .append("aof_rewrites_consecutive_failures:0\r\n")
                .append("aof_last_write_status:ok\r\n")
                .append("aof_last_cow_size:0\r\n")
                .append("module_fork_in_progress:0\r\n")
                .append("module_fork_last_cow_size:0\r\n");
    }
}
