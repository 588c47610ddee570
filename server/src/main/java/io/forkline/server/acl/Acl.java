package io.forkline.server.acl;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.CommandTable;
import io.forkline.engine.command.KeyPositions;
import io.forkline.engine.text.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Redis's access control lists (acl.c) for what forkline offers of them: the users, the default user
 * (whose password is {@code requirepass}), logging in, and the check of each command against the
 * user's commands, key patterns and channel patterns. Writer thread only.
 *
 * <p>See {@link AclUser} for the rules offered. There is no ACL file (ACL LOAD and SAVE say so, as Redis
 * does without {@code aclfile}) and no ACL LOG.
 */
public final class Acl {

    /** Why a command was refused, as Redis's ACL_DENIED_*. */
    public enum Denial {
        COMMAND, KEY, CHANNEL
    }

    private final Supplier<CommandTable> table;
    private final TreeMap<String, AclUser> users = new TreeMap<>();
    private final AclUser defaultUser;
    private Consumer<Boolean> defaultPasswordListener = set -> { };
    private int deniedPosition;

    /** The default user starts as Redis's: on, nopass, every key, channel and command. */
    public Acl(Supplier<CommandTable> table) {
        this.table = table;
        this.defaultUser = new AclUser("default");
        CommandCatalog catalog = catalog();
        for (String rule : List.of("+@all", "~*", "&*", "on", "nopass")) {
            defaultUser.apply(rule, catalog);
        }
        users.put("default", defaultUser);
    }

    private CommandCatalog catalog() {
        return new CommandCatalog(table.get());
    }

    public AclUser defaultUser() {
        return defaultUser;
    }

    /** The user of that name, or null. */
    public AclUser user(String name) {
        return users.get(name);
    }

    /** Every user, by name. */
    public List<AclUser> users() {
        return new ArrayList<>(users.values());
    }

    /** Told whether the default user needs a password now (protected mode lets outside clients in then). */
    public void onDefaultPassword(Consumer<Boolean> listener) {
        this.defaultPasswordListener = listener;
        listener.accept(!defaultUser.nopass());
    }

    /** Redis's authRequired: the default user has a password or is off, so a new connection must log in. */
    public boolean authRequired() {
        return !defaultUser.nopass() || !defaultUser.enabled();
    }

    /** Whether a new connection starts logged in as the default user (nopass and on). */
    public boolean startsAuthenticated() {
        return defaultUser.nopass() && defaultUser.enabled();
    }

    /** requirepass: the default user's only password, or nopass for none (Redis's ACLUpdateDefaultUserPassword). */
    public void requirePass(String password) {
        CommandCatalog catalog = catalog();
        defaultUser.apply("resetpass", catalog);
        defaultUser.apply(password == null || password.isEmpty() ? "nopass" : ">" + password, catalog);
        defaultPasswordListener.accept(!defaultUser.nopass());
    }

    /** The user these credentials log in, or null (unknown user, off, wrong password). */
    public AclUser authenticate(String name, String password) {
        AclUser user = users.get(name);
        return user != null && user.accepts(password) ? user : null;
    }

    /**
     * ACL SETUSER: the rules apply to a copy, which replaces the user (or becomes a new one) only when
     * every rule applied; null on success, else Redis's error message.
     */
    public String setUser(String name, List<String> rules) {
        if (name.indexOf(' ') >= 0 || name.indexOf('\0') >= 0) {
            return "ERR Usernames can't contain spaces or null characters";
        }
        AclUser existing = users.get(name);
        AclUser staged = existing == null ? new AclUser(name) : existing.copy(name);
        CommandCatalog catalog = catalog();
        for (String rule : rules) {
            try {
                staged.apply(rule, catalog);
            } catch (AclRuleException e) {
                return "ERR Error in ACL SETUSER modifier '" + rule + "': " + e.getMessage();
            }
        }
        if (existing == null) {
            users.put(name, staged);
        } else {
            existing.replaceWith(staged);
        }
        if (existing == defaultUser) {
            defaultPasswordListener.accept(!defaultUser.nopass());
        }
        return null;
    }

    /** Removes a user (never the default one); true if it existed. Its clients are the caller's to close. */
    public boolean deleteUser(String name) {
        if (name.equals("default")) {
            throw new IllegalArgumentException("the default user cannot be removed");
        }
        return users.remove(name) != null;
    }

    // ---------------------------------------------------------------------------------------------
    // Checks

    /**
     * Redis's ACLCheckAllUserCommandPerm: whether {@code user} may run {@code spec} with {@code args}; null
     * if so, else why not. Commands without authentication (AUTH, HELLO...) need no permission to run.
     */
    public Denial check(AclUser user, CommandSpec spec, Arguments args) {
        if (!spec.has(CommandFlag.NO_AUTH) && !user.mayRun(spec)) {
            return Denial.COMMAND;
        }
        if (!user.allKeys()) {
            int[] keys = KeyPositions.of(spec, args);
            if (keys != null) {
                for (int position : keys) {
                    if (!mayUseKey(user, args.bytes(position))) {
                        deniedPosition = position;
                        return Denial.KEY;
                    }
                }
            }
        }
        if (!user.allChannels()) {
            boolean patterns = spec.name().equals("psubscribe");
            int first = switch (spec.name()) {
                case "publish", "spublish" -> 1;
                case "subscribe", "ssubscribe", "psubscribe" -> 1;
                default -> 0;
            };
            int last = spec.name().endsWith("publish") ? 1 : args.count() - 1;
            for (int i = first; first > 0 && i <= last; i++) {
                if (!mayUseChannel(user, args.bytes(i), patterns)) {
                    deniedPosition = i;
                    return Denial.CHANNEL;
                }
            }
        }
        return null;
    }

    /** After {@link #check} refused a key or a channel: its argument's position. */
    public int deniedPosition() {
        return deniedPosition;
    }

    private static boolean mayUseKey(AclUser user, byte[] key) {
        for (String pattern : user.keyPatterns()) {
            byte[] glob = bytes(pattern);
            if (Glob.matches(glob, 0, glob.length, key, 0, key.length, false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Redis's ACLCheckChannelAgainstList: a channel must match one of the user's patterns; a pattern
     * (PSUBSCRIBE) must be one of them literally.
     */
    public static boolean mayUseChannel(AclUser user, byte[] channel, boolean isPattern) {
        if (user.allChannels()) {
            return true;
        }
        for (String pattern : user.channelPatterns()) {
            byte[] glob = bytes(pattern);
            if (isPattern ? java.util.Arrays.equals(glob, channel)
                    : Glob.matches(glob, 0, glob.length, channel, 0, channel.length, false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * ACL text (user names, passwords, patterns) is kept as strings of Latin-1 characters, one per byte,
     * so that any bytes a client sends survive: this is the string of {@code raw}.
     */
    public static String text(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** The bytes of an ACL string (see {@link #text}). */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------------------------------------
    // Descriptions

    /** ACL LIST's line for {@code user}. */
    public String describe(AclUser user) {
        return "user " + user.name() + " " + user.describe(catalog());
    }

    /** ACL GETUSER's commands field. */
    public String describeCommands(AclUser user) {
        return user.describeCommands(catalog());
    }

    /** ACL CAT category: the full names of its commands and subcommands. */
    public List<String> commandsIn(String category) {
        List<String> names = new ArrayList<>();
        for (CommandSpec command : catalog().everything()) {
            if (CommandCatalog.inCategory(command, category)) {
                names.add(command.name());
            }
        }
        return names;
    }
}
