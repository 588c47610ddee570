package io.forkline.engine.types;

import io.forkline.engine.command.EngineConfig;

import java.util.HashSet;
import java.util.Set;

/**
 * The model of one set for the property test: its members in a {@link HashSet}, and the encoding
 * Redis 7.2's rules give it, restated from Redis's documentation and source independently of
 * {@link SetValue}: an intset while all members are canonical integers and few enough; an intset's first
 * string makes it a listpack if the listpack limits still hold, else a hashtable; a listpack that would
 * pass its limits becomes a hashtable; nothing converts back.
 */
final class SetModel {

    final Set<String> members = new HashSet<>();
    String encoding;
    private final EngineConfig config;

    private SetModel(EngineConfig config, String encoding) {
        this.config = config;
        this.encoding = encoding;
    }

    /** A new set for a first member and a count of members about to come (Redis's setTypeCreate). */
    static SetModel create(EngineConfig config, String first, long sizeHint) {
        if (isInteger(first) && sizeHint <= config.setMaxIntsetEntries) {
            return new SetModel(config, "intset");
        }
        return new SetModel(config, sizeHint <= config.setMaxListpackEntries ? "listpack" : "hashtable");
    }

    /** An empty set of a given encoding, as the STORE commands start their results. */
    static SetModel empty(EngineConfig config, String encoding) {
        return new SetModel(config, encoding);
    }

    SetModel copy() {
        SetModel copy = new SetModel(config, encoding);
        copy.members.addAll(members);
        return copy;
    }

    /** Before adding {@code sizeHint} members to an existing set. */
    void prepareFor(long sizeHint) {
        if ((encoding.equals("listpack") && sizeHint > config.setMaxListpackEntries)
                || (encoding.equals("intset") && sizeHint > config.setMaxIntsetEntries)) {
            encoding = "hashtable";
        }
    }

    boolean add(String member) {
        if (members.contains(member)) {
            return false;
        }
        switch (encoding) {
            case "intset" -> {
                if (isInteger(member)) {
                    if (members.size() + 1 > config.setMaxIntsetEntries) {
                        encoding = "hashtable";
                    }
                } else {
                    encoding = members.size() < config.setMaxListpackEntries && member.length() <= config.setMaxListpackValue
                            && widestInteger() <= config.setMaxListpackValue ? "listpack" : "hashtable";
                }
            }
            case "listpack" -> {
                if (members.size() >= config.setMaxListpackEntries || member.length() > config.setMaxListpackValue) {
                    encoding = "hashtable";
                }
            }
            default -> {
            }
        }
        members.add(member);
        return true;
    }

    boolean remove(String member) {
        return members.remove(member);
    }

    /** A set built anew whose members may all be integers becomes an intset if it can. */
    void compactToIntset() {
        if (members.size() <= config.setMaxIntsetEntries && members.stream().allMatch(SetModel::isInteger)) {
            encoding = "intset";
        }
    }

    private int widestInteger() {
        return members.stream().mapToInt(String::length).max().orElse(0);
    }

    static boolean isInteger(String text) {
        try {
            return Long.toString(Long.parseLong(text)).equals(text);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
