package io.forkline.server.acl;

import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Redis's ACL command categories, in Redis's order (ACL CAT, and the order in which a user's command
 * rules are described), and each command's categories as forkline derives them from its group and
 * flags (what COMMAND INFO reports and what {@code +@category} rules select).
 */
public final class AclCategories {

    /** Redis 7.0's categories, in its order. */
    public static final List<String> ALL = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
            "connection", "transaction", "scripting");

    private AclCategories() {
    }

    /** The categories of {@code spec}, from its group and flags; empty for null. */
    public static List<String> of(CommandSpec spec) {
        List<String> categories = new ArrayList<>();
        if (spec == null) {
            return categories;
        }
        if (spec.isContainer()) {
            categories.add("slow");   // a container (OBJECT, XGROUP...) is only @slow in Redis: its subcommands have the rest
            return categories;
        }
        String group = switch (spec.group().toLowerCase(Locale.ROOT)) {
            case "generic" -> "keyspace";
            case "sorted-set", "sorted_set", "zset", "sortedset" -> "sortedset";
            case "transactions" -> "transaction";
            default -> spec.group().toLowerCase(Locale.ROOT);
        };
        if (spec.has(CommandFlag.WRITE)) {
            categories.add("write");
        }
        if (spec.has(CommandFlag.READONLY)) {
            categories.add("read");
        }
        if (!group.equals("server")) {
            categories.add(group);
        }
        if (spec.has(CommandFlag.ADMIN)) {
            categories.add("admin");
            categories.add("dangerous");
        }
        if (spec.has(CommandFlag.BLOCKING)) {
            categories.add("blocking");
        }
        categories.add(spec.has(CommandFlag.FAST) ? "fast" : "slow");
        return categories;
    }
}
