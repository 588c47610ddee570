package io.forkline.server.acl;

import io.forkline.engine.command.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One ACL user as Redis 7.0 keeps it with its root selector: whether it is on, its passwords (SHA-256
 * hashes) or nopass, the commands it may run (by full name, plus whether {@code +@all} lets it run
 * commands added later), the key patterns and the Pub/Sub channel patterns it may use. Rules change it
 * one at a time ({@link #apply}); {@link #describe} gives them back in ACL LIST's form. Writer thread only.
 *
 * <p>Not offered: selectors ({@code (...)}, {@code clearselectors}), read-only or write-only key patterns
 * ({@code %R~}, {@code %W~}), and allowing one first argument of a command ({@code +select|0}); rules using
 * them are refused with an error that says so. forkline always checks RESTORE payloads in full, so
 * {@code skip-sanitize-payload} is kept and shown but checks are not skipped.
 */
public final class AclUser {

    private final String name;
    private boolean enabled;
    private boolean nopass;
    /** null, "sanitize-payload" or "skip-sanitize-payload". */
    private String sanitize;
    private final LinkedHashSet<String> passwords = new LinkedHashSet<>();
    /**
     * Redis's reserved command bit, set by +@all and cleared only by -@all: the base every command starts
     * from (allowed or not), commands registered later included; {@link #flipped} names the exceptions.
     */
    private boolean futureCommands;
    private final Set<String> flipped = new HashSet<>();
    private boolean allKeys;
    private final LinkedHashSet<String> keyPatterns = new LinkedHashSet<>();
    private boolean allChannels;
    private final LinkedHashSet<String> channelPatterns = new LinkedHashSet<>();

    /** A new user: off, no password, no commands, keys or channels (acl-pubsub-default resetchannels). */
    AclUser(String name) {
        this.name = name;
    }

    AclUser copy(String newName) {
        AclUser copy = new AclUser(newName);
        copy.replaceWith(this);
        return copy;
    }

    /** Takes every rule of {@code other} (ACL SETUSER's staged copy), keeping this user's name. */
    void replaceWith(AclUser other) {
        enabled = other.enabled;
        nopass = other.nopass;
        sanitize = other.sanitize;
        passwords.clear();
        passwords.addAll(other.passwords);
        futureCommands = other.futureCommands;
        flipped.clear();
        flipped.addAll(other.flipped);
        allKeys = other.allKeys;
        keyPatterns.clear();
        keyPatterns.addAll(other.keyPatterns);
        allChannels = other.allChannels;
        channelPatterns.clear();
        channelPatterns.addAll(other.channelPatterns);
    }

    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean nopass() {
        return nopass;
    }

    // ---------------------------------------------------------------------------------------------
    // Rules

    /** Applies one ACL SETUSER rule, as Redis's ACLSetUser; throws with Redis's reason when it cannot. */
    void apply(String op, CommandCatalog catalog) {
        String lower = op.toLowerCase(Locale.ROOT);
        if (op.isEmpty()) {
            return;
        }
        switch (lower) {
            case "on" -> enabled = true;
            case "off" -> enabled = false;
            case "nopass" -> {
                nopass = true;
                passwords.clear();
            }
            case "resetpass" -> {
                nopass = false;
                passwords.clear();
            }
            case "sanitize-payload", "skip-sanitize-payload" -> sanitize = lower;
            case "reset" -> {
                apply("resetpass", catalog);
                apply("resetkeys", catalog);
                apply("resetchannels", catalog);
                apply("off", catalog);
                apply("sanitize-payload", catalog);
                apply("-@all", catalog);
            }
            case "allkeys", "~*" -> {
                allKeys = true;
                keyPatterns.clear();
            }
            case "resetkeys" -> {
                allKeys = false;
                keyPatterns.clear();
            }
            case "allchannels", "&*" -> {
                allChannels = true;
                channelPatterns.clear();
            }
            case "resetchannels" -> {
                allChannels = false;
                channelPatterns.clear();
            }
            case "allcommands", "+@all" -> {
                futureCommands = true;
                flipped.clear();
            }
            case "nocommands", "-@all" -> {
                futureCommands = false;
                flipped.clear();
            }
            case "clearselectors" -> throw AclRuleException.unsupported("selectors");
            default -> applyPattern(op, catalog);
        }
    }

    private void applyPattern(String op, CommandCatalog catalog) {
        char first = op.charAt(0);
        if (first == '>' || first == '#') {
            String hash = first == '>' ? hash(op.substring(1)) : validHash(op.substring(1));
            passwords.add(hash);
            nopass = false;
        } else if (first == '<' || first == '!') {
            String hash = first == '<' ? hash(op.substring(1)) : validHash(op.substring(1));
            if (!passwords.remove(hash)) {
                throw new AclRuleException("The password you are trying to remove from the user does not exist");
            }
        } else if (first == '(' && op.endsWith(")")) {
            throw AclRuleException.unsupported("selectors");
        } else if (first == '%') {
            throw AclRuleException.unsupported("read-only and write-only key patterns");
        } else if (first == '~') {
            if (allKeys) {
                throw new AclRuleException("Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and "
                        + "does not have any effect. Try 'resetkeys' to start with an empty list of patterns");
            }
            keyPatterns.add(withoutSpaces(op.substring(1)));
        } else if (first == '&') {
            if (allChannels) {
                throw new AclRuleException("Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid "
                        + "and does not have any effect. Try 'resetchannels' to start with an empty list of channels");
            }
            channelPatterns.add(withoutSpaces(op.substring(1)));
        } else if ((first == '+' || first == '-') && op.length() > 1 && op.charAt(1) == '@') {
            String category = op.substring(2).toLowerCase(Locale.ROOT);
            if (!AclCategories.ALL.contains(category)) {
                throw AclRuleException.UNKNOWN_COMMAND;
            }
            for (CommandSpec command : catalog.everything()) {
                if (CommandCatalog.inCategory(command, category)) {
                    change(command, first == '+');
                }
            }
        } else if (first == '+' || first == '-') {
            applyCommand(op.substring(1), first == '+', catalog);
        } else {
            throw AclRuleException.SYNTAX;
        }
    }

    /** +name, -name, +container|sub, -container|sub, as Redis's ACLSetSelector. */
    private void applyCommand(String target, boolean allow, CommandCatalog catalog) {
        int bar = target.lastIndexOf('|');
        if (!allow || bar < 0) {
            CommandSpec command = catalog.find(target);
            if (command == null) {
                throw AclRuleException.UNKNOWN_COMMAND;
            }
            change(command, allow);
            return;
        }
        CommandSpec parent = catalog.find(target.substring(0, bar));
        if (parent == null) {
            throw AclRuleException.UNKNOWN_COMMAND;
        }
        if (parent.name().indexOf('|') >= 0) {
            throw new AclRuleException("Allowing first-arg of a subcommand is not supported");
        }
        if (bar == target.length() - 1) {
            throw AclRuleException.SYNTAX;
        }
        if (!parent.isContainer()) {
            throw AclRuleException.unsupported("allowing one first argument of a command");
        }
        CommandSpec sub = catalog.find(target);
        if (sub == null) {
            throw AclRuleException.UNKNOWN_COMMAND;
        }
        change(sub, true);
    }

    /** Allows or denies a command and, for a container, all its subcommands. */
    private void change(CommandSpec command, boolean allow) {
        if (allow != futureCommands) {
            flipped.addAll(CommandCatalog.namesOf(command));
        } else {
            flipped.removeAll(CommandCatalog.namesOf(command));
        }
    }

    private boolean allows(String fullName) {
        if (flipped.isEmpty()) {
            return futureCommands;   // +@all or -@all, as the default user: no lookup for every command
        }
        return futureCommands != flipped.contains(fullName);
    }

    private static String withoutSpaces(String pattern) {
        if (pattern.indexOf(' ') >= 0 || pattern.indexOf('\0') >= 0) {
            throw AclRuleException.SYNTAX;
        }
        return pattern;
    }

    private static String validHash(String hash) {
        if (hash.length() != 64 || !hash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new AclRuleException("The password hash must be exactly 64 characters and contain only lowercase "
                    + "hexadecimal characters");
        }
        return hash;
    }

    /** SHA-256 of the password, in lowercase hex, as Redis stores it. */
    static String hash(String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Acl.bytes(password)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Checks

    /** Whether {@code password} logs this user in: on, and nopass or one of its passwords. */
    boolean accepts(String password) {
        if (!enabled) {
            return false;
        }
        if (nopass) {
            return true;
        }
        byte[] given = hash(password).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String stored : passwords) {
            match |= MessageDigest.isEqual(given, stored.getBytes(StandardCharsets.US_ASCII));   // time-independent
        }
        return match;
    }

    boolean mayRun(CommandSpec command) {
        return allows(command.name());
    }

    boolean allKeys() {
        return allKeys;
    }

    Set<String> keyPatterns() {
        return keyPatterns;
    }

    public boolean allChannels() {
        return allChannels;
    }

    public Set<String> channelPatterns() {
        return channelPatterns;
    }

    // ---------------------------------------------------------------------------------------------
    // Descriptions

    /** ACL GETUSER's flags, in Redis's order. */
    public List<String> flags() {
        List<String> flags = new java.util.ArrayList<>();
        flags.add(enabled ? "on" : "off");
        if (nopass) {
            flags.add("nopass");
        }
        if (sanitize != null) {
            flags.add(sanitize);
        }
        return flags;
    }

    public Set<String> passwordHashes() {
        return passwords;
    }

    /** ACL GETUSER's keys: {@code ~*}, or each pattern with its {@code ~}, space-separated. */
    public String keysDescription() {
        if (allKeys) {
            return "~*";
        }
        StringBuilder out = new StringBuilder();
        for (String pattern : keyPatterns) {
            out.append(out.isEmpty() ? "" : " ").append('~').append(pattern);
        }
        return out.toString();
    }

    /** ACL GETUSER's channels: {@code &*}, or each pattern with its {@code &}, space-separated. */
    public String channelsDescription() {
        if (allChannels) {
            return "&*";
        }
        StringBuilder out = new StringBuilder();
        for (String pattern : channelPatterns) {
            out.append(out.isEmpty() ? "" : " ").append('&').append(pattern);
        }
        return out.toString();
    }

    /** The user as ACL LIST shows it after {@code user <name> }: flags, password hashes, keys, channels, commands. */
    String describe(CommandCatalog catalog) {
        StringBuilder out = new StringBuilder();
        for (String flag : flags()) {
            out.append(flag).append(' ');
        }
        for (String hash : passwords) {
            out.append('#').append(hash).append(' ');
        }
        if (allKeys) {
            out.append("~* ");
        } else {
            for (String pattern : keyPatterns) {
                out.append('~').append(pattern).append(' ');
            }
        }
        if (allChannels) {
            out.append("&* ");
        } else {
            out.append("resetchannels ");
            for (String pattern : channelPatterns) {
                out.append('&').append(pattern).append(' ');
            }
        }
        return out.append(describeCommands(catalog)).toString();
    }

    /**
     * The command rules that rebuild this user's commands, as Redis's ACLDescribeSelectorCommandRules: +@all
     * or -@all, then the categories that fit best one after another, then single commands for what differs.
     */
    String describeCommands(CommandCatalog catalog) {
        List<CommandSpec> everything = catalog.everything();
        boolean additive = !futureCommands;
        StringBuilder rules = new StringBuilder(additive ? "-@all " : "+@all ");
        Set<String> predicted = new HashSet<>();
        if (!additive) {
            everything.forEach(command -> predicted.add(command.name()));
        }
        Set<String> remaining = new HashSet<>();
        for (CommandSpec command : everything) {
            if (allows(command.name())) {
                remaining.add(command.name());
            }
        }
        Set<String> applied = new HashSet<>();
        while (true) {
            String best = null;
            long minDiff = Integer.MAX_VALUE;
            long maxSame = 0;
            for (String category : AclCategories.ALL) {
                if (applied.contains(category)) {
                    continue;
                }
                long on = 0;
                long off = 0;
                for (CommandSpec command : everything) {
                    if (CommandCatalog.inCategory(command, category)) {
                        if (remaining.contains(command.name())) {
                            on++;
                        } else {
                            off++;
                        }
                    }
                }
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = category;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best == null) {
                break;
            }
            for (CommandSpec command : everything) {
                if (CommandCatalog.inCategory(command, best)) {
                    if (additive) {
                        predicted.addAll(CommandCatalog.namesOf(command));
                        remaining.removeAll(CommandCatalog.namesOf(command));
                    } else {
                        predicted.removeAll(CommandCatalog.namesOf(command));
                        remaining.addAll(CommandCatalog.namesOf(command));
                    }
                }
            }
            rules.append(additive ? "+@" : "-@").append(best).append(' ');
            applied.add(best);
        }
        for (CommandSpec command : catalog.commands()) {
            singleCommand(command, predicted, rules);
            for (CommandSpec sub : command.subcommands()) {
                singleCommand(sub, predicted, rules);
            }
        }
        rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    private void singleCommand(CommandSpec command, Set<String> predicted, StringBuilder rules) {
        boolean user = allows(command.name());
        if (user != predicted.contains(command.name())) {
            rules.append(user ? '+' : '-').append(command.name()).append(' ');
            if (user) {
                predicted.addAll(CommandCatalog.namesOf(command));
            } else {
                predicted.removeAll(CommandCatalog.namesOf(command));
            }
        }
    }
}
