package io.forkline.server.config;

import java.util.List;

/**
 * The addresses of the {@code bind} directive, as written: IPv4 or IPv6 addresses, {@code *} for all,
 * a {@code -} prefix for "skip it if unavailable". None means no TCP listener. forkline's default is
 * {@code 127.0.0.1} (Redis 7's is {@code * -::*}): it listens on loopback unless told otherwise.
 */
public record BindAddresses(List<String> addresses) {

    /** Redis's CONFIG_BINDADDR_MAX. */
    public static final int MAX_ADDRESSES = 16;

    public BindAddresses {
        addresses = List.copyOf(addresses);
    }

    public static BindAddresses of(String... addresses) {
        return new BindAddresses(List.of(addresses));
    }

    /** As CONFIG GET shows it: the addresses separated by spaces. */
    @Override
    public String toString() {
        return String.join(" ", addresses);
    }
}
