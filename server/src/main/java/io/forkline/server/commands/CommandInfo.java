package io.forkline.server.commands;

import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Reply;
import io.forkline.server.acl.AclCategories;

import java.util.List;

/** A command spec as COMMAND INFO and COMMAND DOCS reply it (Redis 7.0's shapes). */
final class CommandInfo {

    private CommandInfo() {
    }

    /** [name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subcommands]. */
    static void write(Reply reply, CommandSpec spec) {
        reply.array(10);
        reply.bulk(spec.name());
        reply.integer(spec.arity());
        reply.set(spec.flags().size());
        for (CommandFlag flag : spec.flags()) {
            reply.simple(flag.redisName());
        }
        reply.integer(spec.firstKey());
        reply.integer(spec.lastKey());
        reply.integer(spec.keyStep());
        List<String> categories = categories(spec);
        reply.set(categories.size());
        for (String category : categories) {
            reply.simple("@" + category);
        }
        reply.array(0);
        if (spec.firstKey() > 0) {
            reply.array(1);
            writeKeySpec(reply, spec);
        } else {
            reply.array(0);
        }
        reply.array(spec.subcommands().size());
        for (CommandSpec sub : spec.subcommands()) {
            write(reply, sub);
        }
    }

    private static void writeKeySpec(Reply reply, CommandSpec spec) {
        reply.map(4);
        reply.bulk("flags");
        reply.set(1);
        reply.simple(spec.has(CommandFlag.WRITE) ? "RW" : "RO");
        reply.bulk("begin_search");
        reply.map(2);
        reply.bulk("type");
        reply.bulk("index");
        reply.bulk("spec");
        reply.map(1);
        reply.bulk("index");
        reply.integer(spec.firstKey());
        reply.bulk("find_keys");
        reply.map(2);
        reply.bulk("type");
        reply.bulk("range");
        reply.bulk("spec");
        reply.map(3);
        reply.bulk("lastkey");
        reply.integer(spec.lastKey() >= 0 ? spec.lastKey() - spec.firstKey() : spec.lastKey());
        reply.bulk("keystep");
        reply.integer(spec.keyStep());
        reply.bulk("limit");
        reply.integer(0);
        reply.bulk("notes");
        reply.bulk("");
    }

    static void writeDocs(Reply reply, CommandSpec spec) {
        boolean hasSubcommands = !spec.subcommands().isEmpty();
        reply.map(hasSubcommands ? 5 : 4);
        reply.bulk("summary");
        reply.bulk(spec.summary());
        reply.bulk("since");
        reply.bulk("1.0.0");
        reply.bulk("group");
        reply.bulk(spec.group());
        reply.bulk("complexity");
        reply.bulk("");
        if (hasSubcommands) {
            reply.bulk("subcommands");
            reply.map(spec.subcommands().size());
            for (CommandSpec sub : spec.subcommands()) {
                reply.bulk(sub.name());
                writeDocs(reply, sub);
            }
        }
    }

    /** Redis's ACL categories of a command, from its group and flags. */
    static List<String> categories(CommandSpec spec) {
        return AclCategories.of(spec);
    }
}
