package io.forkline.server.config;

import java.util.List;

/**
 * A text value (Redis's string configs), always quoted by CONFIG REWRITE. Either any text, a bare
 * file or directory name (dbfilename, appendfilename, appenddirname), or text where the empty string
 * means "unset" (requirepass: no password, and no line in a rewritten file).
 */
final class StringSyntax extends SingleArgumentSyntax<String> {

    private final String nameKind;
    private final String directive;
    private final boolean emptyAllowed;
    private final boolean emptyMeansUnset;

    private StringSyntax(String nameKind, String directive, boolean emptyAllowed, boolean emptyMeansUnset) {
        this.nameKind = nameKind;
        this.directive = directive;
        this.emptyAllowed = emptyAllowed;
        this.emptyMeansUnset = emptyMeansUnset;
    }

    static StringSyntax any() {
        return new StringSyntax(null, null, true, false);
    }

    /** Text where "" means unset: rewritten only when set, and then always. */
    static StringSyntax unsetWhenEmpty() {
        return new StringSyntax(null, null, true, true);
    }

    /**
     * A name without a directory part (no '/' or '\'), as Redis's isValidDBfilename and friends
     * check; {@code kind} is "filename" or "dirname", as in Redis's message.
     */
    static StringSyntax baseName(String directive, String kind, boolean emptyAllowed) {
        return new StringSyntax(kind, directive, emptyAllowed, false);
    }

    @Override
    public Class<String> type() {
        return String.class;
    }

    @Override
    String parse(String argument) throws InvalidValueException {
        if (nameKind == null) {
            return argument;
        }
        if (argument.isEmpty() && !emptyAllowed) {
            throw new InvalidValueException("must not be empty", directive + " can't be empty");
        }
        if (argument.indexOf('/') >= 0 || argument.indexOf('\\') >= 0) {
            String what = nameKind.equals("filename") ? "a file name" : "a directory name";
            throw new InvalidValueException("must be " + what + " without a path, got '" + argument + "'",
                    directive + " can't be a path, just a " + nameKind);
        }
        return argument;
    }

    @Override
    public String show(String value) {
        return value;
    }

    @Override
    public String fileForm(String value) {
        return ArgumentSplitter.quote(value);
    }

    @Override
    public List<RewriteLine> rewrite(String name, String value, String defaultValue) {
        if (emptyMeansUnset) {
            return value.isEmpty() ? List.of() : List.of(new RewriteLine(name + " " + fileForm(value), true));
        }
        return List.of(new RewriteLine(name + " " + fileForm(value), !value.equals(defaultValue)));
    }
}
